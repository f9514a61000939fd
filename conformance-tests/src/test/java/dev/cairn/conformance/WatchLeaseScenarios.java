package dev.cairn.conformance;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * etcdctl 3.4 sessions for Watch, Lease, lock and elect. Unlike {@link EtcdctlScenarios}, some
 * etcdctl processes keep running (watch, keep-alive, lock holders, campaigners, observers): a
 * scenario starts them under a handle, waits for a known number of their stdout lines, feeds
 * their stdin, and ends them. Every wait is for output or state the previous steps caused, so
 * the transcript is the same on every run; there are no sleeps.
 *
 * <p>Arguments may contain {@code {etcdctl}} and {@code {endpoint}}, replaced when run, for
 * commands that {@code etcdctl lock} executes while it holds the lock.
 *
 * <p>Thread-safe (immutable).
 */
final class WatchLeaseScenarios {
    private WatchLeaseScenarios() {}

    /** One step of a session. */
    sealed interface Action {}

    /** A foreground etcdctl call; whether it should succeed is checked against etcd. */
    record Run(List<String> args, @Nullable String stdin, boolean expectSuccess) implements Action {}

    /** Starts a background etcdctl under {@code handle}. */
    record Start(String handle, List<String> args) implements Action {}

    /** Waits for the next {@code lines} stdout lines of {@code handle}; records them. */
    record Await(String handle, int lines) implements Action {}

    /** Writes one line to the stdin of {@code handle}. */
    record Send(String handle, String line) implements Action {}

    /** Polls {@code get prefix --prefix --keys-only} until exactly {@code count} keys exist. */
    record AwaitKeys(String prefix, int count) implements Action {}

    /** SIGTERM ({@code kill} false) or SIGKILL; records the exit status and what was left. */
    record Stop(String handle, boolean kill) implements Action {}

    /** Closes the stdin of {@code handle}, then waits for its exit; records as AwaitExit does. */
    record EndInput(String handle) implements Action {}

    /** Waits for {@code handle} to exit on its own; records the exit status and what was left. */
    record AwaitExit(String handle) implements Action {}

    /*
     * Keys under a lock or election name end in the holder's lease ID, so their key order is the
     * order of lease IDs: increasing in grant order on etcd, a server choice elsewhere. Listings of
     * such keys sort by create revision, the order the lock and election algorithms use.
     */

    /**
     * A session; {@code lockNames} are lock and election names whose keys end in a lease ID
     * (masked when comparing).
     */
    record Scenario(String name, List<Action> actions, List<String> lockNames) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final class Builder {
        private final String name;
        private final List<Action> actions = new ArrayList<>();
        private final List<String> lockNames = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Builder ok(String... args) {
            actions.add(new Run(List.of(args), null, true));
            return this;
        }

        Builder fails(String... args) {
            actions.add(new Run(List.of(args), null, false));
            return this;
        }

        Builder txn(String stdin, String... args) {
            List<String> all = new ArrayList<>();
            all.add("txn");
            all.addAll(List.of(args));
            actions.add(new Run(all, stdin, true));
            return this;
        }

        Builder start(String handle, String... args) {
            actions.add(new Start(handle, List.of(args)));
            return this;
        }

        Builder await(String handle, int lines) {
            actions.add(new Await(handle, lines));
            return this;
        }

        Builder send(String handle, String line) {
            actions.add(new Send(handle, line));
            return this;
        }

        Builder awaitKeys(String prefix, int count) {
            actions.add(new AwaitKeys(prefix, count));
            return this;
        }

        Builder stop(String handle) {
            actions.add(new Stop(handle, false));
            return this;
        }

        Builder kill(String handle) {
            actions.add(new Stop(handle, true));
            return this;
        }

        Builder endInput(String handle) {
            actions.add(new EndInput(handle));
            return this;
        }

        Builder awaitExit(String handle) {
            actions.add(new AwaitExit(handle));
            return this;
        }

        Builder lockName(String lockName) {
            lockNames.add(lockName);
            return this;
        }

        /** Revisions 2..8 on keys foo, bar, foo/a, fop; foo is deleted at 5 and recreated at 8. */
        Builder history() {
            return ok("put", "foo", "1")
                    .ok("put", "foo", "2")
                    .ok("put", "bar", "x")
                    .ok("del", "foo")
                    .ok("put", "foo/a", "1")
                    .ok("put", "fop", "1")
                    .ok("put", "foo", "3");
        }

        Scenario build() {
            return new Scenario(name, List.copyOf(actions), List.copyOf(lockNames));
        }
    }

    static List<Scenario> all() {
        return List.of(
                watchHistory(),
                watchLive(),
                watchCompacted(),
                watchInteractive(),
                lease(),
                leaseAttachments(),
                leaseKeepAlive(),
                lock(),
                lockContended(),
                lockAfterHolderDies(),
                elect());
    }

    /** Watches that start in the past: every event is replayed, then the watch goes live. */
    static Scenario watchHistory() {
        return new Builder("watch-history")
                .history()
                .start("prev", "watch", "foo", "--rev=1", "--prev-kv")
                .await("prev", 16)
                .start("prefix", "watch", "foo", "--rev=1", "--prefix")
                .await("prefix", 15)
                .start("range", "watch", "foo", "fop", "--rev=3", "-w", "json")
                .await("range", 1)
                .start("fields", "watch", "--rev=3", "-w", "fields", "foo")
                .await("fields", 25)
                .start("sub", "watch", "foo/", "foo0", "--rev=2", "--prev-kv", "-w", "json")
                .await("sub", 1)
                .start("future", "watch", "foo", "--prefix", "--rev=10", "-w", "json")
                // one command per event; ETCD_WATCH_REVISION is the response's header revision
                .start(
                        "exec",
                        "watch",
                        "foo",
                        "--rev=2",
                        "--",
                        "sh",
                        "-c",
                        "echo rev=$ETCD_WATCH_REVISION type=$ETCD_WATCH_EVENT_TYPE key=$ETCD_WATCH_KEY"
                                + " value=$ETCD_WATCH_VALUE")
                .await("exec", 16)
                // revision 9: live events for watchers that have caught up
                .ok("put", "foo", "4")
                .await("prev", 5)
                .await("prefix", 3)
                .await("range", 1)
                .await("fields", 11)
                .await("exec", 4)
                // revision 10 deletes foo and foo/a; the future watch starts here
                .ok("del", "foo", "--prefix")
                .await("prev", 5)
                .await("prefix", 6)
                .await("range", 1)
                .await("fields", 11)
                .await("sub", 1)
                .await("future", 1)
                .await("exec", 4)
                .ok("put", "foo/b", "2")
                .await("prefix", 3)
                .await("range", 1)
                .await("sub", 1)
                .await("future", 1)
                .stop("prev")
                .stop("prefix")
                .stop("range")
                .stop("fields")
                .stop("sub")
                .stop("future")
                .stop("exec")
                .build();
    }

    /**
     * Watches on keys that were never written, then written: the first events are creates
     * (version 1), deletes carry only key and revision, prev_kv comes with updates and deletes.
     */
    static Scenario watchLive() {
        return new Builder("watch-live")
                .ok("put", "other", "0")
                .start("json", "watch", "k", "--rev=2", "--prev-kv", "-w", "json")
                .start("simple", "watch", "k", "--rev=2", "--prev-kv")
                .ok("put", "k", "v1")
                .await("json", 1)
                .await("simple", 3)
                .ok("put", "k", "v2")
                .await("json", 1)
                .await("simple", 5)
                .ok("put", "unrelated", "x")
                .txn("\nput unrelated y\nput k2 z\n\n\n", "-w", "json")
                .ok("del", "k")
                .await("json", 1)
                .await("simple", 5)
                .ok("put", "k", "v3", "--prev-kv")
                .await("json", 1)
                .await("simple", 3)
                .stop("json")
                .stop("simple")
                .build();
    }

    /** Watching from a compacted revision cancels the watch; from the compact revision works. */
    static Scenario watchCompacted() {
        return new Builder("watch-compacted")
                .history()
                .ok("compaction", "4")
                .fails("watch", "foo", "--rev=2")
                .fails("watch", "foo", "--rev=3", "-w", "json")
                .fails("watch", "", "--prefix", "--rev=1")
                .fails("watch", "b", "a")
                .start("at", "watch", "foo", "--rev=4", "--prev-kv", "-w", "json")
                .await("at", 1)
                .start("after", "watch", "foo", "--rev=5", "--prev-kv")
                .await("after", 8)
                .stop("at")
                .stop("after")
                .build();
    }

    /**
     * {@code watch -i}: watch requests come from stdin and share one gRPC stream. A watch from
     * revision 0 is known to exist once a progress request (answered in stream order) came back.
     */
    static Scenario watchInteractive() {
        return new Builder("watch-interactive")
                .ok("put", "a", "0")
                .start("i", "watch", "-i")
                .send("i", "watch a --rev=3")
                .ok("put", "a", "1")
                .await("i", 3)
                .send("i", "watch --prefix b --rev=4")
                .ok("put", "b1", "1")
                .await("i", 3)
                // etcdctl 3.4 keeps --prefix set for later lines of the same session
                .ok("put", "a", "2")
                .await("i", 3)
                .ok("put", "b2", "2")
                .await("i", 3)
                .send("i", "progress")
                .await("i", 2)
                // --prefix stays set; --rev=0 watches from now (and leaves the stream synced)
                .send("i", "watch --prev-kv --rev=0 c")
                .send("i", "progress")
                .await("i", 3)
                .ok("put", "c", "1")
                .await("i", 3)
                .ok("put", "c", "2")
                .await("i", 5)
                // a signal would race with Process.destroy closing stdin; end of input is deterministic
                .endInput("i")
                .build();
    }

    /** grant, put --lease, timetolive (with keys), keep-alive --once, list, revoke. */
    static Scenario lease() {
        return new Builder("lease")
                .ok("lease", "grant", "100")
                .ok("lease", "grant", "200", "-w", "json")
                .ok("lease", "list")
                .ok("lease", "list", "-w", "json")
                .start("w", "watch", "l", "--prefix", "--rev=1", "--prev-kv")
                .ok("put", "l1", "a", "--lease=" + "{lease:0}")
                .await("w", 3)
                .ok("put", "l2", "b", "--lease=" + "{lease:0}")
                .await("w", 3)
                .ok("put", "l3", "c", "--lease=" + "{lease:1}", "-w", "json")
                .await("w", 3)
                .ok("put", "l3", "d", "--ignore-lease", "--prev-kv", "-w", "json")
                .await("w", 5)
                .ok("get", "l", "--prefix", "-w", "json")
                .ok("lease", "timetolive", "{lease:0}")
                .ok("lease", "timetolive", "{lease:0}", "--keys")
                .ok("lease", "timetolive", "{lease:1}", "--keys", "-w", "json")
                .ok("lease", "keep-alive", "--once", "{lease:0}")
                .ok("lease", "keep-alive", "--once", "{lease:1}", "-w", "json")
                .ok("lease", "revoke", "{lease:0}")
                // both keys go in one revision, with their previous values
                .await("w", 10)
                .ok("get", "l", "--prefix", "-w", "json")
                .ok("lease", "timetolive", "{lease:0}")
                .ok("lease", "timetolive", "{lease:0}", "--keys", "-w", "json")
                .fails("lease", "revoke", "{lease:0}")
                .fails("lease", "keep-alive", "--once", "{lease:0}")
                .ok("lease", "list")
                .ok("lease", "revoke", "{lease:1}", "-w", "json")
                .await("w", 5)
                .ok("lease", "list", "-w", "json")
                .fails("put", "l4", "x", "--lease=" + "{lease:1}")
                .ok("lease", "timetolive", "1234", "--keys", "-w", "json")
                .fails("lease", "revoke", "1234")
                .fails("lease", "keep-alive", "--once", "1234")
                .fails("lease", "grant", "9000000001")
                .fails("lease", "grant", "abc")
                .stop("w")
                .build();
    }

    /**
     * Which keys a lease holds: a put without --lease detaches a key, a put with another lease
     * moves it, a deleted key is gone from the lease; a revoke deletes exactly the keys still
     * attached, all in one revision (a single watch response), and a lease without keys revokes
     * without a revision. {@code lease list} is in expiry order on etcd.
     */
    static Scenario leaseAttachments() {
        return new Builder("lease-attachments")
                .ok("lease", "grant", "300")
                .ok("lease", "grant", "100")
                .ok("lease", "grant", "200")
                .ok("lease", "list")
                .ok("lease", "list", "-w", "json")
                .start("w", "watch", "k", "--prefix", "--rev=2", "--prev-kv")
                .start("j", "watch", "km/", "--prefix", "--rev=2", "-w", "json")
                .ok("put", "k1", "a", "--lease={lease:0}")
                .await("w", 3)
                .ok("put", "k2", "b", "--lease={lease:0}")
                .await("w", 3)
                .ok("put", "k2", "c")
                .await("w", 5)
                .ok("put", "k3", "d", "--lease={lease:0}")
                .await("w", 3)
                .ok("del", "k3")
                .await("w", 5)
                .ok("put", "k4", "e", "--lease={lease:2}")
                .await("w", 3)
                .ok("put", "k4", "f", "--lease={lease:0}")
                .await("w", 5)
                .txn(
                        "\nput km/00 v0 --lease={lease:1}\nput km/01 v1 --lease={lease:1}\nput km/02 v2 --lease={lease:1}\nput km/03 v3 --lease={lease:1}\nput km/04 v4 --lease={lease:1}\nput km/05 v5 --lease={lease:1}\nput km/06 v6 --lease={lease:1}\nput km/07 v7 --lease={lease:1}\nput km/08 v8 --lease={lease:1}\nput km/09 v9 --lease={lease:1}\n\n\n",
                        "-w",
                        "json")
                .await("w", 30)
                .await("j", 1)
                .ok("get", "k", "--prefix", "-w", "json")
                .ok("lease", "timetolive", "{lease:0}", "--keys")
                .ok("lease", "timetolive", "{lease:1}", "--keys", "-w", "json")
                .ok("lease", "timetolive", "{lease:2}", "--keys")
                .ok("lease", "revoke", "{lease:2}")
                .ok("get", "k4", "-w", "json")
                .ok("lease", "revoke", "{lease:0}")
                .await("w", 10)
                .ok("lease", "revoke", "{lease:1}")
                .await("w", 50)
                .await("j", 1)
                .ok("get", "k", "--prefix", "-w", "json")
                .ok("lease", "list")
                .stop("w")
                .stop("j")
                .build();
    }

    /** keep-alive without --once answers at once, then keeps the lease alive until stopped. */
    static Scenario leaseKeepAlive() {
        return new Builder("lease-keep-alive")
                .ok("lease", "grant", "90")
                .start("ka", "lease", "keep-alive", "{lease:0}")
                .await("ka", 1)
                .start("kaj", "lease", "keep-alive", "{lease:0}", "-w", "json")
                .await("kaj", 1)
                .ok("lease", "timetolive", "{lease:0}")
                .stop("ka")
                .stop("kaj")
                .ok("lease", "revoke", "{lease:0}")
                .start("gone", "lease", "keep-alive", "{lease:0}")
                .awaitExit("gone")
                .build();
    }

    /** {@code lock name cmd}: runs the command holding the lock, then releases it. */
    static Scenario lock() {
        return new Builder("lock")
                .lockName("mylock")
                .ok("put", "x", "1")
                .ok("lock", "mylock", "echo", "hi")
                .ok("lock", "mylock", "--", "sh", "-c", "echo $ETCD_LOCK_KEY $ETCD_LOCK_REV")
                .ok(
                        "lock",
                        "--ttl=5",
                        "mylock",
                        "--",
                        "{etcdctl}",
                        "--endpoints={endpoint}",
                        "get",
                        "mylock",
                        "--prefix")
                .ok("get", "mylock", "--prefix")
                .fails("lock", "mylock", "false")
                .ok("get", "", "--prefix", "--keys-only")
                .start("holder", "lock", "mylock")
                .await("holder", 2)
                .stop("holder")
                .ok("get", "", "--prefix", "--keys-only")
                .build();
    }

    /**
     * Two lockers: the second queues behind the first and gets the lock only once the first
     * released it; the command it runs lists the lock's keys, which must then be its own only.
     */
    static Scenario lockContended() {
        return new Builder("lock-contended")
                .lockName("L")
                .start("first", "lock", "L")
                .await("first", 2)
                .start(
                        "second",
                        "lock",
                        "L",
                        "--",
                        "sh",
                        "-c",
                        "echo acquired $ETCD_LOCK_KEY; {etcdctl} --endpoints={endpoint} get L --prefix --keys-only")
                .awaitKeys("L", 2)
                .ok("get", "L", "--prefix", "--sort-by=CREATE", "--keys-only")
                .stop("first")
                .awaitExit("second")
                .ok("get", "L", "--prefix", "--keys-only")
                .build();
    }

    /**
     * The holder is SIGKILLed and cannot unlock: the waiter gets the lock when the holder's
     * lease (--ttl 3) expires, which deletes its key.
     */
    static Scenario lockAfterHolderDies() {
        return new Builder("lock-holder-killed")
                .lockName("K")
                .start("first", "lock", "--ttl=3", "K")
                .await("first", 2)
                .start(
                        "second",
                        "lock",
                        "K",
                        "--",
                        "{etcdctl}",
                        "--endpoints={endpoint}",
                        "get",
                        "K",
                        "--prefix",
                        "--keys-only")
                .awaitKeys("K", 2)
                .start("w", "watch", "K", "--prefix", "--rev=1")
                .await("w", 6)
                .kill("first")
                .awaitExit("second")
                // the holder's key expires, the waiter's key appears gone after its unlock
                .await("w", 6)
                .ok("get", "K", "--prefix", "--keys-only")
                .stop("w")
                .build();
    }

    /** Two campaigners and an observer: leadership passes when the leader resigns. */
    static Scenario elect() {
        return new Builder("elect")
                .lockName("E")
                .start("observer", "elect", "-l", "E")
                .start("one", "elect", "E", "p1")
                .await("one", 2)
                .await("observer", 2)
                .start("two", "elect", "E", "p2")
                .awaitKeys("E", 2)
                .ok("get", "E", "--prefix", "--sort-by=CREATE")
                .stop("one")
                .await("two", 2)
                .await("observer", 2)
                .ok("get", "E", "--prefix")
                .stop("two")
                .awaitKeys("E", 0)
                .stop("observer")
                .fails("elect", "E")
                .build();
    }
}
