package dev.cairn.server.rpc;

import dev.cairn.server.kv.KvException;
import dev.cairn.server.lease.LeaseException;
import dev.cairn.server.membership.MembershipException;
import dev.cairn.server.replication.ReplicationException;
import dev.cairn.server.watch.HubStoppedException;
import dev.cairn.storage.mvcc.CompactedException;
import dev.cairn.storage.mvcc.FutureRevisionException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one table that turns domain errors into gRPC status: etcd's exact code and text per error
 * type (the texts are wire contract; clients match them verbatim). Anything not in the table goes
 * out as UNKNOWN with its own message, as etcd does. Immutable; thread-safe.
 */
public final class ErrorMapping {

    /** One row: every exception of exactly {@code type} becomes {@code code} with {@code message}. */
    public record Row(Class<? extends Throwable> type, Status.Code code, String message) {
        Status status() {
            return Status.fromCode(code).withDescription(message);
        }
    }

    private static final List<Row> ROWS = List.of(
            row(KvException.KeyNotProvided.class, Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"),
            row(KvException.KeyNotFound.class, Status.Code.INVALID_ARGUMENT, "etcdserver: key not found"),
            row(KvException.ValueProvided.class, Status.Code.INVALID_ARGUMENT, "etcdserver: value is provided"),
            row(KvException.LeaseProvided.class, Status.Code.INVALID_ARGUMENT, "etcdserver: lease is provided"),
            row(
                    KvException.TooManyOps.class,
                    Status.Code.INVALID_ARGUMENT,
                    "etcdserver: too many operations in txn request"),
            row(
                    KvException.DuplicateKey.class,
                    Status.Code.INVALID_ARGUMENT,
                    "etcdserver: duplicate key given in txn request"),
            row(KvException.InvalidSortOption.class, Status.Code.INVALID_ARGUMENT, "etcdserver: invalid sort option"),
            row(KvException.RequestTooLarge.class, Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large"),
            row(KvException.LeaseNotFound.class, Status.Code.NOT_FOUND, "etcdserver: requested lease not found"),
            row(LeaseException.NotFound.class, Status.Code.NOT_FOUND, "etcdserver: requested lease not found"),
            row(
                    LeaseException.AlreadyExists.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: lease already exists"),
            row(LeaseException.TtlTooLarge.class, Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL"),
            row(
                    CompactedException.class,
                    Status.Code.OUT_OF_RANGE,
                    "etcdserver: mvcc: required revision has been compacted"),
            row(
                    FutureRevisionException.class,
                    Status.Code.OUT_OF_RANGE,
                    "etcdserver: mvcc: required revision is a future revision"),
            row(HubStoppedException.class, Status.Code.UNAVAILABLE, "etcdserver: server stopped"),
            row(
                    MembershipException.BadUrls.class,
                    Status.Code.INVALID_ARGUMENT,
                    "etcdserver: given member URLs are invalid"),
            row(
                    MembershipException.IdExists.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: member ID already exist"),
            row(
                    MembershipException.PeerUrlExists.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: Peer URLs already exists"),
            row(
                    MembershipException.NotEnoughStarted.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: re-configuration failed due to not enough started members"),
            row(MembershipException.MemberNotFound.class, Status.Code.NOT_FOUND, "etcdserver: member not found"),
            row(
                    MembershipException.NotLearner.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: can only promote a learner member"),
            row(
                    MembershipException.LearnerNotReady.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: can only promote a learner member which is in sync with leader"),
            row(
                    MembershipException.TooManyLearners.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: too many learner members in cluster"),
            row(MembershipException.Unhealthy.class, Status.Code.UNAVAILABLE, "etcdserver: unhealthy cluster"),
            row(MembershipException.NotLeader.class, Status.Code.FAILED_PRECONDITION, "etcdserver: not leader"),
            row(
                    MembershipException.BadLeaderTransferee.class,
                    Status.Code.FAILED_PRECONDITION,
                    "etcdserver: bad leader transferee"),
            // Not in etcd's table either: it goes out as UNKNOWN with the error's own text.
            row(
                    MembershipException.LeaderTransferTimeout.class,
                    Status.Code.UNKNOWN,
                    "etcdserver: request timed out, leader transfer took too long"),
            row(ReplicationException.RequestTimedOut.class, Status.Code.UNAVAILABLE, "etcdserver: request timed out"));

    private static final Map<Class<? extends Throwable>, Row> BY_TYPE =
            ROWS.stream().collect(Collectors.toUnmodifiableMap(Row::type, Function.identity()));

    private ErrorMapping() {}

    /** Every row of the table. */
    public static List<Row> rows() {
        return ROWS;
    }

    /**
     * The status to send for {@code failure}. Unwraps future wrappers; passes gRPC status
     * exceptions through unchanged.
     */
    public static StatusRuntimeException toStatus(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException e) {
            return e;
        }
        if (t instanceof StatusException e) {
            return e.getStatus().asRuntimeException(e.getTrailers());
        }
        Row row = BY_TYPE.get(t.getClass());
        if (row != null) {
            return row.status().withCause(t).asRuntimeException();
        }
        String message = t.getMessage();
        return Status.UNKNOWN
                .withDescription(message != null ? message : t.getClass().getName())
                .withCause(t)
                .asRuntimeException();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Row row(Class<? extends Throwable> type, Status.Code code, String message) {
        return new Row(type, code, message);
    }
}
