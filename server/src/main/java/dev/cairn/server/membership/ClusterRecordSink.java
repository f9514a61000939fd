package dev.cairn.server.membership;

import com.google.protobuf.ByteString;

/**
 * Where applying a membership change writes its cluster records: the store transaction that also
 * records the applied index ({@code WriteTxn.putClusterRecord} / {@code deleteClusterRecord}), so
 * the members and the index move together. Used only on the apply thread, inside that transaction.
 */
public interface ClusterRecordSink {
    void put(ByteString key, ByteString value);

    void delete(ByteString key);
}
