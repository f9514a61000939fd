package dev.cairn.server.membership;

import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.server.config.ClusterBootstrap;
import dev.cairn.server.config.ClusterIds;
import dev.cairn.server.config.EtcdUrl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * etcd's bootstrap checks and decisions, as pure functions of the flags and (to join) the member
 * list a peer returned. The messages are etcd's. Stateless.
 *
 * <p>The driver: with a log, {@link BootstrapPlan.Restart}; without one and {@code
 * --initial-cluster-state new}, {@link #newCluster}; with {@code existing}, {@link #remotePeerUrls}
 * to ask (the peer transport's Members RPC, first answer wins; when none answers the launcher
 * prints {@link #FETCH_FAILED}), then {@link #join}. URLs are compared as text: unlike etcd, no
 * host name is resolved.
 */
public final class BootstrapPlans {
    /** What etcd prints when no peer of --initial-cluster answered with the member list. */
    public static final String FETCH_FAILED =
            "cannot fetch cluster info from peer urls: could not retrieve cluster information from the given URLs";

    private BootstrapPlans() {}

    /** A new cluster of every member of {@code --initial-cluster} (etcd's VerifyBootstrap first). */
    public static BootstrapPlan.NewCluster newCluster(String name, ClusterBootstrap cb) throws BootstrapException {
        checkLocalMember(name, cb);
        checkAdvertiseMatches(name, cb);
        checkDuplicateUrls(cb);
        List<ClusterMember> members = initialMembers(cb);
        List<Long> ids = members.stream().map(ClusterMember::id).toList();
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new BootstrapException("member exists with identical ID in --initial-cluster=" + urlsMapText(cb));
        }
        return new BootstrapPlan.NewCluster(
                cb.memberId(name),
                ClusterIds.clusterId(ids),
                members,
                members.stream().map(MemberChanges::peer).toList());
    }

    /**
     * The peer URLs to ask for the member list when joining: every URL of {@code --initial-cluster}
     * except this member's, sorted (etcd's VerifyJoinExisting first).
     */
    public static List<String> remotePeerUrls(String name, ClusterBootstrap cb) throws BootstrapException {
        checkLocalMember(name, cb);
        checkDuplicateUrls(cb);
        TreeSet<String> urls = new TreeSet<>();
        cb.initialCluster().forEach((n, list) -> {
            if (!n.equals(name)) {
                list.forEach(u -> urls.add(u.text()));
            }
        });
        return List.copyOf(urls);
    }

    /** {@link #join(String, ClusterBootstrap, long, List)} with a peer's Members answer. */
    public static BootstrapPlan.Join join(String name, ClusterBootstrap cb, MembersResponse answer)
            throws BootstrapException {
        return join(
                name,
                cb,
                answer.getClusterId(),
                answer.getMembersList().stream().map(ClusterMember::fromRecord).toList());
    }

    /**
     * Joins the cluster a peer described (etcd's ValidateClusterAndAssignIDs): {@code
     * --initial-cluster} must name as many members as the cluster has, each existing member's peer
     * URLs must match one entry's, and this member's ID is the ID of the existing member matched to
     * {@code name}'s entry.
     */
    public static BootstrapPlan.Join join(
            String name, ClusterBootstrap cb, long clusterId, List<ClusterMember> existing) throws BootstrapException {
        checkLocalMember(name, cb);
        checkDuplicateUrls(cb);
        List<ClusterMember> sortedExisting = MemberSet.of(existing, List.of()).members();
        List<String> localNames = new ArrayList<>(cb.initialCluster().keySet());
        localNames.sort((a, b) -> Long.compareUnsigned(cb.memberId(a), cb.memberId(b)));
        long[] assigned = new long[localNames.size()];
        if (sortedExisting.size() != localNames.size()) {
            throw invalidPeers(clusterId, sortedExisting, "member count is unequal");
        }
        for (ClusterMember e : sortedExisting) {
            String lastError = "<nil>";
            boolean matched = false;
            for (int j = 0; j < localNames.size() && !matched; j++) {
                List<String> local = texts(urlsOf(cb, localNames.get(j)));
                String mismatch = urlMismatch(e.peerUrls(), local);
                if (mismatch == null) {
                    assigned[j] = e.id();
                    matched = true;
                } else {
                    lastError = mismatch;
                }
            }
            if (!matched) {
                throw invalidPeers(
                        clusterId,
                        sortedExisting,
                        "PeerURLs: no match found for existing member (" + ClusterIds.hex(e.id()) + ", "
                                + goList(e.peerUrls()) + "), last resolver error (" + lastError + ")");
            }
        }
        long localId = assigned[localNames.indexOf(name)];
        if (localId == 0) {
            localId = cb.memberId(name); // matched by no existing member: etcd keeps the derived ID
        }
        return new BootstrapPlan.Join(localId, clusterId, sortedExisting);
    }

    /** The members of {@code --initial-cluster}, unstarted, by ID. */
    static List<ClusterMember> initialMembers(ClusterBootstrap cb) {
        List<ClusterMember> members = new ArrayList<>();
        for (String n : cb.initialCluster().keySet()) {
            members.add(ClusterMember.unstarted(
                    cb.memberId(n), texts(urlsOf(cb, n)).stream().sorted().toList(), false));
        }
        members.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
        return members;
    }

    private static void checkLocalMember(String name, ClusterBootstrap cb) throws BootstrapException {
        if (!cb.initialCluster().containsKey(name)) {
            throw new BootstrapException(
                    "couldn't find local name " + goQuote(name) + " in the initial cluster configuration");
        }
    }

    /** etcd's advertiseMatchesCluster. */
    private static void checkAdvertiseMatches(String name, ClusterBootstrap cb) throws BootstrapException {
        List<String> cluster = texts(urlsOf(cb, name)).stream().sorted().toList();
        List<String> advertised =
                texts(cb.initialAdvertisePeerUrls()).stream().sorted().toList();
        String mismatch = urlMismatch(advertised, cluster);
        if (mismatch == null) {
            return;
        }
        Set<String> advertisedSet = new LinkedHashSet<>(advertised);
        List<String> missing = cluster.stream()
                .filter(u -> !advertisedSet.contains(u))
                .map(u -> name + "=" + u)
                .toList();
        String apStr = String.join(",", advertised);
        if (!missing.isEmpty()) {
            throw new BootstrapException("--initial-cluster has " + String.join(",", missing)
                    + " but missing from --initial-advertise-peer-urls=" + apStr + " (" + mismatch + ")");
        }
        Set<String> clusterSet = new LinkedHashSet<>(cluster);
        List<String> extra =
                advertised.stream().filter(u -> !clusterSet.contains(u)).toList();
        String advertisedMap = String.join(
                ",", advertised.stream().map(u -> name + "=" + u).sorted().toList());
        if (!extra.isEmpty()) {
            throw new BootstrapException("--initial-advertise-peer-urls has " + String.join(",", extra)
                    + " but missing from --initial-cluster=" + advertisedMap);
        }
        throw new BootstrapException(
                "failed to resolve " + apStr + " to match --initial-cluster=" + advertisedMap + " (" + mismatch + ")");
    }

    private static void checkDuplicateUrls(ClusterBootstrap cb) throws BootstrapException {
        Set<String> seen = new HashSet<>();
        for (List<EtcdUrl> urls : cb.initialCluster().values()) {
            for (EtcdUrl u : urls) {
                if (!seen.add(u.text())) {
                    throw new BootstrapException("initial cluster " + urlsMapText(cb) + " has duplicate url");
                }
            }
        }
    }

    /**
     * etcd's URLStringsEqual without name resolution: null when {@code a} and {@code b} hold the
     * same URLs, else its error text.
     */
    static @Nullable String urlMismatch(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return "len(" + goQuotedList(a) + ") != len(" + goQuotedList(b) + ")";
        }
        List<String> sa = a.stream().sorted().toList();
        List<String> sb = b.stream().sorted().toList();
        for (int i = 0; i < sa.size(); i++) {
            if (!sa.get(i).equals(sb.get(i))) {
                return goQuote(sa.get(i)) + "(resolved from " + goQuote(sa.get(i)) + ") != " + goQuote(sb.get(i))
                        + "(resolved from " + goQuote(sb.get(i)) + ")";
            }
        }
        return null;
    }

    private static BootstrapException invalidPeers(long clusterId, List<ClusterMember> existing, String cause) {
        List<String> members = new ArrayList<>();
        for (ClusterMember m : existing) {
            members.add("&{ID:" + ClusterIds.hex(m.id()) + " RaftAttributes:{PeerURLs:" + goList(m.peerUrls())
                    + " IsLearner:" + m.learner() + "} Attributes:{Name:" + m.name() + " ClientURLs:"
                    + goList(m.clientUrls()) + "}}");
        }
        String cluster = "{ClusterID:" + ClusterIds.hex(clusterId) + " Members:[" + String.join(" ", members)
                + "] RemovedMemberIDs:[]}";
        return new BootstrapException("error validating peerURLs " + cluster + ": " + cause);
    }

    /** etcd's types.URLsMap String(): name=url pairs, sorted, comma-separated. */
    private static String urlsMapText(ClusterBootstrap cb) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, List<EtcdUrl>> e : cb.initialCluster().entrySet()) {
            e.getValue().forEach(u -> pairs.add(e.getKey() + "=" + u.text()));
        }
        pairs.sort(null);
        return String.join(",", pairs);
    }

    private static List<EtcdUrl> urlsOf(ClusterBootstrap cb, String name) {
        return cb.initialCluster().getOrDefault(name, List.of());
    }

    private static List<String> texts(List<EtcdUrl> urls) {
        return urls.stream().map(EtcdUrl::text).toList();
    }

    /** Go's %v of a string slice. */
    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    /** Go's %q of a string slice. */
    private static String goQuotedList(List<String> items) {
        return "["
                + String.join(" ", items.stream().map(BootstrapPlans::goQuote).toList()) + "]";
    }

    /** Go's %q of a string (printable ASCII assumed; quotes and backslashes escaped). */
    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
