package dev.cairn.server.membership;

/**
 * A membership request broke one of etcd's rules. Each subtype is one distinct etcd error; the rpc
 * layer turns each into its exact wire status and text ({@code rpc/ErrorMapping}). The messages
 * here are for logs only. Immutable (no stack trace: these are answers, not bugs); thread-safe.
 */
public abstract sealed class MembershipException extends RuntimeException
        permits MembershipException.BadUrls,
                MembershipException.IdExists,
                MembershipException.PeerUrlExists,
                MembershipException.NotEnoughStarted,
                MembershipException.MemberNotFound,
                MembershipException.NotLearner,
                MembershipException.LearnerNotReady,
                MembershipException.TooManyLearners,
                MembershipException.Unhealthy,
                MembershipException.NotLeader,
                MembershipException.BadLeaderTransferee,
                MembershipException.LeaderTransferTimeout {
    private static final long serialVersionUID = 1L;

    private MembershipException(String message) {
        super(message, null, false, false);
    }

    /** MemberAdd with a peer URL that does not parse as etcd's URLs do. */
    public static final class BadUrls extends MembershipException {
        private static final long serialVersionUID = 1L;

        public BadUrls(String detail) {
            super("given member URLs are invalid: " + detail);
        }
    }

    /** MemberAdd of an ID the cluster already has (etcd's membership.ErrIDExists). */
    public static final class IdExists extends MembershipException {
        private static final long serialVersionUID = 1L;

        public IdExists(long id) {
            super("member ID already exist: " + Long.toHexString(id));
        }
    }

    /** MemberAdd or MemberUpdate with a peer URL another member uses. */
    public static final class PeerUrlExists extends MembershipException {
        private static final long serialVersionUID = 1L;

        public PeerUrlExists(String url) {
            super("Peer URLs already exists: " + url);
        }
    }

    /** The strict reconfiguration check: the change would leave fewer started voters than a quorum. */
    public static final class NotEnoughStarted extends MembershipException {
        private static final long serialVersionUID = 1L;

        public NotEnoughStarted(int started, int quorum) {
            super("re-configuration failed due to not enough started members: " + started + " started, quorum "
                    + quorum);
        }
    }

    /** Remove, update or promote of an ID that is not a member (never was, or was removed). */
    public static final class MemberNotFound extends MembershipException {
        private static final long serialVersionUID = 1L;

        public MemberNotFound(long id) {
            super("member not found: " + Long.toHexString(id));
        }
    }

    /** Promote of a voting member. */
    public static final class NotLearner extends MembershipException {
        private static final long serialVersionUID = 1L;

        public NotLearner(long id) {
            super("can only promote a learner member: " + Long.toHexString(id));
        }
    }

    /** Promote of a learner whose log is below 90% of the leader's. */
    public static final class LearnerNotReady extends MembershipException {
        private static final long serialVersionUID = 1L;

        public LearnerNotReady(long id, long learnerMatch, long leaderMatch) {
            super("can only promote a learner member which is in sync with leader: " + Long.toHexString(id)
                    + " matched " + learnerMatch + " of " + leaderMatch);
        }
    }

    /** Adding a learner beyond {@code --max-learners}. */
    public static final class TooManyLearners extends MembershipException {
        private static final long serialVersionUID = 1L;

        public TooManyLearners(int maxLearners) {
            super("too many learner members in cluster (max " + maxLearners + ")");
        }
    }

    /** The strict reconfiguration check: this member is not connected to enough voters. */
    public static final class Unhealthy extends MembershipException {
        private static final long serialVersionUID = 1L;

        public Unhealthy(String detail) {
            super("unhealthy cluster: " + detail);
        }
    }

    /** A request only the leader can serve (MoveLeader, the promote readiness check). */
    public static final class NotLeader extends MembershipException {
        private static final long serialVersionUID = 1L;

        public NotLeader() {
            super("not leader");
        }
    }

    /** MoveLeader to an ID that is not a voting member. */
    public static final class BadLeaderTransferee extends MembershipException {
        private static final long serialVersionUID = 1L;

        public BadLeaderTransferee(long id) {
            super("bad leader transferee: " + Long.toHexString(id));
        }
    }

    /** MoveLeader whose transfer did not finish in time. */
    public static final class LeaderTransferTimeout extends MembershipException {
        private static final long serialVersionUID = 1L;

        public LeaderTransferTimeout(long id) {
            super("request timed out, leader transfer took too long: " + Long.toHexString(id));
        }
    }
}
