package dev.cairn.server.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Queue key layout: {@code <name>/<lease as Go's %x>} and prefix ranges. */
class QueueKeysTest {

    static Stream<Arguments> hexes() {
        return Stream.of(
                Arguments.of(0L, "0"),
                Arguments.of(1L, "1"),
                Arguments.of(255L, "ff"),
                Arguments.of(0x694d7c5b1a2b3c4dL, "694d7c5b1a2b3c4d"),
                Arguments.of(Long.MAX_VALUE, "7fffffffffffffff"),
                Arguments.of(-1L, "-1"),
                Arguments.of(-255L, "-ff"),
                Arguments.of(Long.MIN_VALUE, "-8000000000000000"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("hexes")
    void leaseHexIsLowercaseUnpaddedAndSigned(long lease, String hex) {
        assertThat(QueueKeys.hex(lease)).isEqualTo(hex);
    }

    @Test
    void keyIsNameSlashLeaseHex() {
        assertThat(QueueKeys.key(utf8("election"), 0xABCL).toStringUtf8()).isEqualTo("election/abc");
        assertThat(QueueKeys.key(ByteString.EMPTY, 7).toStringUtf8()).isEqualTo("/7");
    }

    @Test
    void prefixEndIsTheNextKeyAfterEveryKeyWithThePrefix() {
        assertThat(QueueKeys.prefixEnd(utf8("e/")).toStringUtf8()).isEqualTo("e0");
        assertThat(QueueKeys.prefixEnd(bytes(0x61, 0xff, 0xff))).isEqualTo(bytes(0x62));
        assertThat(QueueKeys.prefixEnd(bytes(0xff))).isEqualTo(bytes(0));
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static ByteString bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return ByteString.copyFrom(b);
    }
}
