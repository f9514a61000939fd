package dev.cairn.raft.sim;

/**
 * One client operation on one key of a register store, as the client saw it. Immutable.
 *
 * <p>{@code invoke} and {@code response} are points in the history's real-time order (strictly
 * increasing over the whole history, see {@link History}); op {@code a} precedes op {@code b}
 * exactly when {@code a.response() < b.invoke()}. A write that was never acknowledged has
 * {@code response == PENDING}: it may have taken effect at any point after its invocation, or
 * never.
 *
 * @param client the client that issued it (for reports only)
 * @param kind write or read
 * @param key the register
 * @param value the value written (unique per write, never 0) or read (0: the key was absent)
 * @param invoke when the client issued it
 * @param response when the client got the answer, or {@link #PENDING}
 */
record Op(int client, Kind kind, String key, long value, long invoke, long response) {

    /** The response of an operation that never completed. */
    static final long PENDING = Long.MAX_VALUE;

    /** Read or write. */
    enum Kind {
        WRITE,
        READ
    }

    Op {
        if (response <= invoke) {
            throw new IllegalArgumentException("response " + response + " not after invoke " + invoke);
        }
    }

    static Op write(int client, String key, long value, long invoke, long response) {
        return new Op(client, Kind.WRITE, key, value, invoke, response);
    }

    static Op read(int client, String key, long value, long invoke, long response) {
        return new Op(client, Kind.READ, key, value, invoke, response);
    }

    boolean pending() {
        return response == PENDING;
    }

    @Override
    public String toString() {
        return "c" + client + " " + (kind == Kind.WRITE ? "write " : "read ") + key + "=" + value + " ["
                + History.describeStamp(invoke) + ", "
                + (pending() ? "pending" : History.describeStamp(response)) + "]";
    }
}
