package dev.cairn.server.membership;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.proto.raftpb.MemberRecord;
import dev.cairn.storage.mvcc.ReadView;
import dev.cairn.storage.mvcc.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How members are kept in the store's cluster records (column family {@code cluster}), as etcd
 * keeps them in its {@code members} and {@code members_removed} buckets:
 *
 * <ul>
 *   <li>{@code members/<hex id>} -> a serialised {@link MemberRecord};
 *   <li>{@code members_removed/<hex id>} -> empty: the ID was removed and can never return.
 * </ul>
 *
 * Hex is lower case without leading zeros, as etcd prints IDs. Other cluster records (the cluster
 * version) are ignored here. Stateless.
 */
public final class ClusterRecords {
    /** Prefix of a member's record. */
    public static final String MEMBERS = "members/";

    /** Prefix of a removed ID's record. */
    public static final String REMOVED = "members_removed/";

    private ClusterRecords() {}

    public static ByteString memberKey(long id) {
        return ByteString.copyFromUtf8(MEMBERS + Long.toHexString(id));
    }

    public static ByteString removedKey(long id) {
        return ByteString.copyFromUtf8(REMOVED + Long.toHexString(id));
    }

    /** {@code txn}'s cluster records as a sink: what {@link Membership#apply} writes goes into the txn. */
    public static ClusterRecordSink sink(WriteTxn txn) {
        return new ClusterRecordSink() {
            @Override
            public void put(ByteString key, ByteString value) {
                txn.putClusterRecord(key, value);
            }

            @Override
            public void delete(ByteString key) {
                var unused = txn.deleteClusterRecord(key);
            }
        };
    }

    /** The member set in {@code view}'s cluster records (at start, and after a snapshot install). */
    public static MemberSet restore(ReadView view) {
        return restore(view.clusterRecords());
    }

    /** Writes {@code m}'s record. */
    static void saveMember(ClusterRecordSink sink, ClusterMember m) {
        sink.put(memberKey(m.id()), m.toRecord().toByteString());
    }

    /** Deletes {@code id}'s record and records it as removed. */
    static void saveRemoved(ClusterRecordSink sink, long id) {
        sink.delete(memberKey(id));
        sink.put(removedKey(id), ByteString.EMPTY);
    }

    /** Every member record and removed ID of {@code set}, as a fresh store would hold them. */
    public static void saveAll(ClusterRecordSink sink, MemberSet set) {
        set.members().forEach(m -> saveMember(sink, m));
        set.removedIds().forEach(id -> sink.put(removedKey(id), ByteString.EMPTY));
    }

    /**
     * The member set kept in {@code records} (every cluster record, as {@code
     * ReadView.clusterRecords()} returns them; keys other than the two prefixes are skipped).
     *
     * @throws IllegalStateException when a record does not parse: the store is corrupt
     */
    public static MemberSet restore(Map<ByteString, ByteString> records) {
        List<ClusterMember> members = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        records.forEach((key, value) -> {
            String k = key.toString(StandardCharsets.UTF_8);
            if (k.startsWith(MEMBERS)) {
                ClusterMember m = parse(k, value);
                if (m.id() != parseId(k, MEMBERS)) {
                    throw new IllegalStateException(
                            "cluster record " + k + " holds member " + Long.toHexString(m.id()));
                }
                members.add(m);
            } else if (k.startsWith(REMOVED)) {
                removed.add(parseId(k, REMOVED));
            }
        });
        return MemberSet.of(members, removed);
    }

    private static ClusterMember parse(String key, ByteString value) {
        try {
            return ClusterMember.fromRecord(MemberRecord.parseFrom(value));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new IllegalStateException("cluster record " + key + " is not a member record", e);
        }
    }

    private static long parseId(String key, String prefix) {
        try {
            return Long.parseUnsignedLong(key.substring(prefix.length()), 16);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("cluster record " + key + " does not end in a hex member id", e);
        }
    }
}
