package dev.cairn.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one DER element (tag, length, value) out of a byte array, and the elements nested in a
 * constructed one. Only what PEM key parsing needs: single-byte tags, definite lengths.
 *
 * <p>Immutable, thread-safe as long as nobody mutates the array it was given.
 */
final class DerReader {
    private final byte[] data;
    private final int tag;
    private final int valueStart;
    private final int end;

    private DerReader(byte[] data, int tag, int valueStart, int end) {
        this.data = data;
        this.tag = tag;
        this.valueStart = valueStart;
        this.end = end;
    }

    /** Parses the element starting at {@code offset}, which must end within {@code limit}. */
    static DerReader at(byte[] data, int offset, int limit) throws MalformedDerException {
        if (offset + 2 > limit) {
            throw new MalformedDerException("truncated DER element");
        }
        int tag = data[offset] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new MalformedDerException("multi-byte DER tags are not supported");
        }
        int first = data[offset + 1] & 0xff;
        int pos = offset + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 4 || pos + count > limit) {
                throw new MalformedDerException("bad DER length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (data[pos++] & 0xff);
            }
        }
        if (length > limit - pos) {
            throw new MalformedDerException("DER length runs past the end of the data");
        }
        return new DerReader(data, tag, pos, pos + (int) length);
    }

    /** Parses {@code data} as exactly one element. */
    static DerReader parse(byte[] data) throws MalformedDerException {
        DerReader element = at(data, 0, data.length);
        if (element.end != data.length) {
            throw new MalformedDerException("trailing bytes after DER element");
        }
        return element;
    }

    int tag() {
        return tag;
    }

    /** The value bytes (a copy). */
    byte[] value() {
        return Arrays.copyOfRange(data, valueStart, end);
    }

    /** The nested elements of a constructed element. */
    List<DerReader> children() throws MalformedDerException {
        if ((tag & 0x20) == 0) {
            throw new MalformedDerException("DER element with tag 0x" + Integer.toHexString(tag) + " is primitive");
        }
        List<DerReader> children = new ArrayList<>();
        int pos = valueStart;
        while (pos < end) {
            DerReader child = at(data, pos, end);
            children.add(child);
            pos = child.end;
        }
        return children;
    }

    /** Decodes an OBJECT IDENTIFIER value to its dotted form. */
    String oid() throws MalformedDerException {
        if (tag != Der.OID || valueStart == end) {
            throw new MalformedDerException("expected an OBJECT IDENTIFIER");
        }
        StringBuilder out = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (int i = valueStart; i < end; i++) {
            if (arc > (Long.MAX_VALUE >>> 7)) {
                throw new MalformedDerException("OID arc too large");
            }
            arc = (arc << 7) | (data[i] & 0x7f);
            if ((data[i] & 0x80) != 0) {
                continue;
            }
            if (first) {
                long top = Math.min(arc / 40, 2);
                out.append(top).append('.').append(arc - top * 40);
                first = false;
            } else {
                out.append('.').append(arc);
            }
            arc = 0;
        }
        if ((data[end - 1] & 0x80) != 0) {
            throw new MalformedDerException("truncated OID");
        }
        return out.toString();
    }

    /** Malformed or unsupported DER input. Not thread-related; plain checked exception. */
    static final class MalformedDerException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedDerException(String message) {
            super(message);
        }
    }
}
