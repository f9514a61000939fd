package dev.cairn.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The key encodings keep user-key order, are prefix-free, and sort versions newest first. */
class SchemaTest {

    static Stream<Long> seeds() {
        return LongStream.range(0, 20).boxed();
    }

    private static ByteString randomKey(Random r) {
        byte[] alphabet = {0, 0, 1, (byte) 0xFF, (byte) 0xFE, 'a', 'b'};
        byte[] out = new byte[r.nextInt(5)];
        for (int i = 0; i < out.length; i++) {
            out[i] = alphabet[r.nextInt(alphabet.length)];
        }
        return ByteString.copyFrom(out);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void historyKeysPreserveUserKeyOrderAndRevisionOrder(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            ByteString a = randomKey(r);
            ByteString b = randomKey(r);
            long revA = 1L + r.nextInt(5);
            long revB = 1L + r.nextInt(5);
            long subA = r.nextInt(3);
            long subB = r.nextInt(3);
            int userOrder = Integer.signum(
                    ByteString.unsignedLexicographicalComparator().compare(a, b));
            byte[] ka = Schema.historyKey(a, revA, subA);
            byte[] kb = Schema.historyKey(b, revB, subB);
            int encoded = Integer.signum(Arrays.compareUnsigned(ka, kb));
            if (userOrder != 0) {
                assertThat(encoded).as("%s vs %s", a, b).isEqualTo(userOrder);
                byte[] pa = Schema.historyPrefix(a);
                byte[] pb = Schema.historyPrefix(b);
                assertThat(startsWith(pb, pa) || startsWith(pa, pb))
                        .as("prefix-free")
                        .isFalse();
                // The bound after a's versions sorts before every version of a later key.
                byte[] lower = userOrder < 0 ? pa : pb;
                byte[] higherKey = userOrder < 0 ? kb : ka;
                assertThat(Arrays.compareUnsigned(Schema.historyPrefixEnd(lower), higherKey))
                        .isNegative();
            } else {
                int revOrder = revA != revB ? Long.compare(revB, revA) : Long.compare(subB, subA);
                assertThat(encoded).isEqualTo(Integer.signum(revOrder));
                assertThat(Schema.historyPrefixOf(ka)).isEqualTo(Schema.historyPrefix(a));
                assertThat(Schema.historyMain(ka)).isEqualTo(revA);
                assertThat(Schema.historySub(ka)).isEqualTo(subA);
                assertThat(Arrays.compareUnsigned(Schema.historyPrefixEnd(Schema.historyPrefix(a)), ka))
                        .isPositive();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void seekFindsNewestAtOrBelow(long seed) {
        Random r = new Random(seed);
        ByteString key = randomKey(r);
        byte[] prefix = Schema.historyPrefix(key);
        long rev = 1L + r.nextInt(100);
        // Every version at or below rev sorts at or after the seek target; every newer one before.
        for (long v = 1; v <= 101; v++) {
            int cmp = Arrays.compareUnsigned(Schema.historyKey(key, v, 0), Schema.historySeek(prefix, rev));
            assertThat(cmp >= 0).as("version %d vs seek %d", v, rev).isEqualTo(v <= rev);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void longsAndRevKeysRoundTrip(long seed) {
        Random r = new Random(seed);
        long main = r.nextLong() >>> 1;
        long sub = r.nextInt(1000);
        assertThat(Schema.decodeLong(Schema.encodeLong(main), -1)).isEqualTo(main);
        assertThat(Schema.revMain(Schema.revKey(main, sub))).isEqualTo(main);
        assertThat(Schema.revSub(Schema.revKey(main, sub))).isEqualTo(sub);
        assertThat(Arrays.compareUnsigned(Schema.revKey(main, sub), Schema.revKey(main, sub + 1)))
                .isNegative();
        ByteString key = randomKey(r);
        assertThat(Schema.revValueKey(Schema.revValue(Schema.TYPE_TOMBSTONE, key)))
                .isEqualTo(key);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void leaseKeysSortBySignedIdAndRoundTrip(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            long a = r.nextBoolean() ? r.nextLong() : r.nextInt(5) - 2;
            long b = r.nextBoolean() ? r.nextLong() : r.nextInt(5) - 2;
            assertThat(Schema.leaseIdOf(Schema.leaseKey(a))).isEqualTo(a);
            assertThat(Integer.signum(Arrays.compareUnsigned(Schema.leaseKey(a), Schema.leaseKey(b))))
                    .isEqualTo(Integer.signum(Long.compare(a, b)));
            ByteString ka = randomKey(r);
            ByteString kb = randomKey(r);
            byte[] ea = Schema.leaseKeysKey(a, ka);
            byte[] eb = Schema.leaseKeysKey(b, kb);
            assertThat(Schema.leaseKeysUserKey(ea)).isEqualTo(ka);
            assertThat(Schema.leaseIdOf(ea)).isEqualTo(a);
            int expected = a != b
                    ? Long.compare(a, b)
                    : ByteString.unsignedLexicographicalComparator().compare(ka, kb);
            assertThat(Integer.signum(Arrays.compareUnsigned(ea, eb))).isEqualTo(Integer.signum(expected));
        }
        byte[] value = Schema.leaseValue(90, 17);
        assertThat(Schema.leaseTtl(value)).isEqualTo(90);
        assertThat(Schema.leaseRemainingTtl(value)).isEqualTo(17);
    }
}
