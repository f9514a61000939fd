package dev.cairn.server.election;

/**
 * An election or lock request failed in one of etcd's v3election/v3lock ways. etcd does not map
 * these to gRPC codes: they go out as UNKNOWN carrying the error's own text, so each message here
 * is the exact wire text (clients match it verbatim). Immutable (no stack trace: these are answers,
 * not bugs); thread-safe.
 */
public abstract sealed class ElectionException extends RuntimeException
        permits ElectionException.NotLeader,
                ElectionException.NoLeader,
                ElectionException.MissingLeader,
                ElectionException.SessionExpired {
    private static final long serialVersionUID = 1L;

    private ElectionException(String wireText) {
        super(wireText, null, false, false);
    }

    /** Proclaim with a leader key whose create_revision no longer matches. */
    public static final class NotLeader extends ElectionException {
        private static final long serialVersionUID = 1L;

        public NotLeader() {
            super("election: not leader");
        }
    }

    /** Leader on an election that has no key at all. */
    public static final class NoLeader extends ElectionException {
        private static final long serialVersionUID = 1L;

        public NoLeader() {
            super("election: no leader");
        }
    }

    /** Proclaim or Resign without the {@code leader} field. */
    public static final class MissingLeader extends ElectionException {
        private static final long serialVersionUID = 1L;

        public MissingLeader() {
            super("\"leader\" field must be provided");
        }
    }

    /** Lock whose own key vanished (its lease expired) while it waited for its turn. */
    public static final class SessionExpired extends ElectionException {
        private static final long serialVersionUID = 1L;

        public SessionExpired() {
            super("session expired");
        }
    }
}
