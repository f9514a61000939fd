package dev.cairn.server.kv;

/**
 * A KV request broke one of etcd's rules. Each subtype is one distinct etcd error; the rpc layer
 * turns each into its exact wire status and text. The messages here are for logs only. Immutable
 * (no stack trace is captured: these are answers, not bugs); thread-safe.
 */
public abstract sealed class KvException extends RuntimeException
        permits KvException.KeyNotProvided,
                KvException.KeyNotFound,
                KvException.ValueProvided,
                KvException.LeaseProvided,
                KvException.TooManyOps,
                KvException.DuplicateKey,
                KvException.InvalidSortOption,
                KvException.RequestTooLarge,
                KvException.LeaseNotFound {
    private static final long serialVersionUID = 1L;

    private KvException(String message) {
        super(message, null, false, false);
    }

    /** An empty key in Range, Put, DeleteRange or a Compare. */
    public static final class KeyNotProvided extends KvException {
        private static final long serialVersionUID = 1L;

        public KeyNotProvided() {
            super("key is not provided");
        }
    }

    /** Put with ignore_value/ignore_lease on a missing key, or an empty RequestOp in a Txn. */
    public static final class KeyNotFound extends KvException {
        private static final long serialVersionUID = 1L;

        public KeyNotFound() {
            super("key not found");
        }
    }

    /** ignore_value together with a non-empty value. */
    public static final class ValueProvided extends KvException {
        private static final long serialVersionUID = 1L;

        public ValueProvided() {
            super("value is provided");
        }
    }

    /** ignore_lease together with a nonzero lease. */
    public static final class LeaseProvided extends KvException {
        private static final long serialVersionUID = 1L;

        public LeaseProvided() {
            super("lease is provided");
        }
    }

    /** One level of a Txn is wider than its --max-txn-ops budget. */
    public static final class TooManyOps extends KvException {
        private static final long serialVersionUID = 1L;

        public TooManyOps() {
            super("too many operations in txn request");
        }
    }

    /** A Txn branch puts one key twice, or puts a key that a DeleteRange of it covers. */
    public static final class DuplicateKey extends KvException {
        private static final long serialVersionUID = 1L;

        public DuplicateKey() {
            super("duplicate key given in txn request");
        }
    }

    /** A Range asks for an undefined sort order or sort target. */
    public static final class InvalidSortOption extends KvException {
        private static final long serialVersionUID = 1L;

        public InvalidSortOption() {
            super("invalid sort option");
        }
    }

    /** A write request is larger than --max-request-bytes once wrapped for the log. */
    public static final class RequestTooLarge extends KvException {
        private static final long serialVersionUID = 1L;

        public RequestTooLarge(long size, long limit) {
            super("request is too large: " + size + " > " + limit + " bytes");
        }
    }

    /** A Put attaches a lease that does not exist. */
    public static final class LeaseNotFound extends KvException {
        private static final long serialVersionUID = 1L;

        public LeaseNotFound(long leaseId) {
            super("requested lease not found: " + leaseId);
        }
    }
}
