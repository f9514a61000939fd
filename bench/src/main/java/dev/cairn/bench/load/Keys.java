package dev.cairn.bench.load;

import com.google.protobuf.ByteString;
import java.util.Random;

/**
 * Keys and values as etcd's tool makes them: a key of {@code keySize} bytes that holds the key
 * number as a Go zig-zag varint ({@code binary.PutVarint}) followed by zero bytes, so that both
 * tools write the same key space; and random value bytes. Pure.
 */
public final class Keys {
    private Keys() {}

    /** Key number {@code n} in a key of {@code keySize} bytes (at least the varint's length). */
    public static ByteString key(long n, int keySize) {
        byte[] buf = new byte[Math.max(keySize, varintLength(n))];
        putVarint(buf, n);
        return ByteString.copyFrom(buf);
    }

    /** Writes {@code n} as a Go zig-zag varint at the start of {@code buf}; returns its length. */
    static int putVarint(byte[] buf, long n) {
        long ux = n << 1;
        if (n < 0) {
            ux = ~ux;
        }
        int i = 0;
        while (Long.compareUnsigned(ux, 0x80) >= 0) {
            buf[i++] = (byte) (ux | 0x80);
            ux >>>= 7;
        }
        buf[i++] = (byte) ux;
        return i;
    }

    static int varintLength(long n) {
        return putVarint(new byte[10], n);
    }

    /** {@code size} random bytes from {@code random}. */
    public static ByteString randomBytes(int size, Random random) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return ByteString.copyFrom(b);
    }
}
