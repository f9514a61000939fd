package dev.cairn.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A minimal DER (X.690 Distinguished Encoding Rules) encoder: just the universal types that X.509
 * certificates and PKCS#8 keys need. Every method returns a complete TLV (tag, length, value).
 *
 * <p>Stateless, thread-safe.
 */
final class Der {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {}

    /** Tag, length and the concatenation of {@code parts}. */
    static byte[] tlv(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        writeLength(out, length);
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, elements);
    }

    static byte[] set(byte[]... elements) {
        return tlv(SET, elements);
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {value ? (byte) 0xff : 0});
    }

    static byte[] nul() {
        return tlv(NULL);
    }

    static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    /** A BIT STRING whose last {@code unusedBits} bits (0-7) are padding. */
    static byte[] bitString(byte[] bits, int unusedBits) {
        if (unusedBits < 0 || unusedBits > 7 || (bits.length == 0 && unusedBits != 0)) {
            throw new IllegalArgumentException("bad unused bit count " + unusedBits);
        }
        return tlv(BIT_STRING, new byte[] {(byte) unusedBits}, bits);
    }

    /**
     * A BIT STRING of named bits (bit 0 is the most significant bit of the first byte), with
     * trailing zero bits removed as DER requires.
     */
    static byte[] namedBits(int... bitNumbers) {
        int highest = -1;
        for (int bit : bitNumbers) {
            highest = Math.max(highest, bit);
        }
        byte[] bytes = new byte[(highest + 8) / 8];
        for (int bit : bitNumbers) {
            bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        int unused = bytes.length == 0 ? 0 : Integer.numberOfTrailingZeros(bytes[bytes.length - 1] & 0xff);
        return bitString(bytes, unused);
    }

    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An OBJECT IDENTIFIER from its dotted form, e.g. {@code "2.5.4.3"}. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.", -1);
        if (arcs.length < 2) {
            throw new IllegalArgumentException("OID needs at least two arcs: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long first = Long.parseLong(arcs[0]);
        long second = Long.parseLong(arcs[1]);
        if (first > 2 || (first < 2 && second > 39) || second < 0) {
            throw new IllegalArgumentException("bad OID " + dotted);
        }
        writeBase128(out, first * 40 + second);
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            if (arc < 0) {
                throw new IllegalArgumentException("bad OID " + dotted);
            }
            writeBase128(out, arc);
        }
        return tlv(OID, out.toByteArray());
    }

    /**
     * An X.509 Time: UTCTime for years 1950-2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5).
     * Sub-second precision is dropped.
     */
    static byte[] time(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        boolean utcTime = utc.getYear() >= 1950 && utc.getYear() < 2050;
        String text = (utcTime ? UTC_TIME_FORMAT : GENERALIZED_TIME_FORMAT).format(utc);
        return tlv(utcTime ? UTC_TIME : GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A constructed context-specific tag {@code [n] EXPLICIT} around {@code content}. */
    static byte[] explicit(int tagNumber, byte[] content) {
        return tlv(0xa0 | tagNumber, content);
    }

    /** A primitive context-specific tag {@code [n] IMPLICIT} with raw {@code value} bytes. */
    static byte[] implicitPrimitive(int tagNumber, byte[] value) {
        return tlv(0x80 | tagNumber, value);
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7f);
            out.write(i == 0 ? group : group | 0x80);
        }
    }
}
