package dev.cairn.server.membership;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Members, statuses and a recording sink for the membership tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    /** Connected long enough to count (more than etcd's 5 s health interval ago). */
    static final Instant LONG_AGO = NOW.minusSeconds(60);

    private Fixtures() {}

    static ClusterMember started(long id) {
        return new ClusterMember(id, "m" + id, List.of(peer(id)), List.of("http://10.0.0." + id + ":2379"), false);
    }

    static ClusterMember unstarted(long id) {
        return ClusterMember.unstarted(id, List.of(peer(id)), false);
    }

    static ClusterMember learner(long id) {
        return new ClusterMember(id, "m" + id, List.of(peer(id)), List.of("http://10.0.0." + id + ":2379"), true);
    }

    static String peer(long id) {
        return "http://10.0.0." + id + ":2380";
    }

    static MemberSet set(ClusterMember... members) {
        return MemberSet.of(List.of(members), List.of());
    }

    /** Member {@code self} leads; every other member of {@code set} is connected since long ago. */
    static RaftStatus leaderOf(MemberSet set, long self) {
        Map<Long, Instant> active = new HashMap<>();
        set.members().stream().filter(m -> m.id() != self).forEach(m -> active.put(m.id(), LONG_AGO));
        Map<Long, Long> match = new HashMap<>();
        set.members().forEach(m -> match.put(m.id(), 100L));
        return new RaftStatus(self, self, 2, 100, 100, false, match, active);
    }

    static RaftStatus follower(long self, long leader) {
        return new RaftStatus(self, leader, 2, 100, 100, false, Map.of(), Map.of());
    }

    /** Cluster records kept in a sorted map, as the store keeps them. */
    static final class Records implements ClusterRecordSink {
        final TreeMap<ByteString, ByteString> map = new TreeMap<>(ByteString.unsignedLexicographicalComparator());
        final List<String> log = new ArrayList<>();

        @Override
        public void put(ByteString key, ByteString value) {
            map.put(key, value);
            log.add("put " + key.toStringUtf8());
        }

        @Override
        public void delete(ByteString key) {
            map.remove(key);
            log.add("delete " + key.toStringUtf8());
        }
    }
}
