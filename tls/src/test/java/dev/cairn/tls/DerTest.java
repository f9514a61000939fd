package dev.cairn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DER encodings checked against hand-computed X.690 byte strings, and the reader against the writer. Single-threaded, like all JUnit tests here. */
class DerTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("integer 0", Der.integer(0), "020100"),
                Arguments.of("integer 127", Der.integer(127), "02017f"),
                Arguments.of("integer 128 needs a sign byte", Der.integer(128), "02020080"),
                Arguments.of("integer 2^64", Der.integer(BigInteger.TWO.pow(64)), "0209010000000000000000"),
                Arguments.of("true", Der.bool(true), "0101ff"),
                Arguments.of("null", Der.nul(), "0500"),
                Arguments.of("rsaEncryption", Der.oid("1.2.840.113549.1.1.1"), "06092a864886f70d010101"),
                Arguments.of("commonName", Der.oid("2.5.4.3"), "0603550403"),
                Arguments.of("digitalSignature+keyEncipherment", Der.namedBits(0, 2), "030205a0"),
                Arguments.of("digitalSignature+keyCertSign+cRLSign", Der.namedBits(0, 5, 6), "03020186"),
                Arguments.of("bit 8 spills into a second byte", Der.namedBits(0, 8), "0303078080"),
                Arguments.of("utf8", Der.utf8String("é"), "0c02c3a9"),
                Arguments.of("empty sequence", Der.sequence(), "3000"),
                Arguments.of("explicit [0]", Der.explicit(0, Der.integer(2)), "a003020102"),
                Arguments.of("implicit [2] ia5", Der.implicitPrimitive(2, new byte[] {'a'}), "820161"),
                Arguments.of(
                        "UTCTime before 2050",
                        Der.time(Instant.parse("2049-12-31T23:59:59.999Z")),
                        "170d3439313233313233353935395a"),
                Arguments.of(
                        "GeneralizedTime from 2050",
                        Der.time(Instant.parse("2050-01-01T00:00:00Z")),
                        "180f32303530303130313030303030305a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void encodes(String name, byte[] actual, String expectedHex) {
        assertThat(HEX.formatHex(actual)).isEqualTo(expectedHex);
    }

    @Test
    void longFormLengths() {
        byte[] content = new byte[300];
        byte[] encoded = Der.octetString(content);
        assertThat(HEX.formatHex(encoded, 0, 4)).isEqualTo("0482012c");
        assertThat(encoded).hasSize(304);
        assertThat(HEX.formatHex(Der.octetString(new byte[128]), 0, 3)).isEqualTo("048180");
    }

    @Test
    void readerRoundTripsNestedElementsAndOids() throws Exception {
        byte[] encoded = Der.sequence(Der.oid("1.2.840.10045.3.1.7"), Der.octetString(new byte[200]), Der.sequence());
        DerReader root = DerReader.parse(encoded);
        assertThat(root.tag()).isEqualTo(Der.SEQUENCE);
        assertThat(root.children()).hasSize(3);
        assertThat(root.children().get(0).oid()).isEqualTo("1.2.840.10045.3.1.7");
        assertThat(root.children().get(1).value()).hasSize(200);
        assertThat(root.children().get(2).children()).isEmpty();
        assertThat(DerReader.parse(Der.oid("2.999.3")).oid()).isEqualTo("2.999.3");
    }

    @Test
    void readerRejectsTruncatedAndTrailingInput() {
        byte[] encoded = Der.sequence(Der.integer(5));
        assertThatThrownBy(() -> DerReader.parse(Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(DerReader.MalformedDerException.class);
        assertThatThrownBy(() -> DerReader.parse(Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(DerReader.MalformedDerException.class);
    }
}
