package dev.cairn.server.kv;

import com.google.protobuf.CodedOutputStream;

/**
 * etcd's --max-request-bytes check. etcd measures a write request after wrapping it in the raft
 * log entry it proposes: the request as one field of an envelope that also carries a request
 * header with a 64-bit request ID. This class estimates that envelope's size from the request's
 * own serialized size. Stateless; thread-safe.
 */
final class RequestSize {
    /**
     * The envelope's request header field: a two-byte tag (field 100), a one-byte length, and the
     * header itself (a one-byte tag plus a request ID, which etcd's generator makes 9 bytes long
     * as a varint).
     */
    static final int HEADER_BYTES = 2 + 1 + 1 + 9;

    private RequestSize() {}

    /** The size etcd would measure for a request whose own serialized size is {@code size}. */
    static long wrapped(int size) {
        // The request's field in the envelope: a one-byte tag (fields 4 to 7), a length, the bytes.
        return HEADER_BYTES + 1L + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    /** Throws if a write request of {@code size} serialized bytes is over {@code limit}. */
    static void check(int size, long limit) {
        long wrapped = wrapped(size);
        if (wrapped > limit) {
            throw new KvException.RequestTooLarge(wrapped, limit);
        }
    }
}
