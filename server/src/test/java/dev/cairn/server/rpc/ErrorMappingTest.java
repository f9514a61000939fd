package dev.cairn.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.kv.KvException;
import dev.cairn.server.lease.LeaseException;
import dev.cairn.server.membership.MembershipException;
import dev.cairn.server.replication.ReplicationException;
import dev.cairn.server.watch.HubStoppedException;
import dev.cairn.storage.mvcc.CompactedException;
import dev.cairn.storage.mvcc.FutureRevisionException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The error table, row by row, and what happens to errors outside it. */
class ErrorMappingTest {
    /** One instance of every error type the table knows. */
    static final List<Throwable> SAMPLES = List.of(
            new KvException.KeyNotProvided(),
            new KvException.KeyNotFound(),
            new KvException.ValueProvided(),
            new KvException.LeaseProvided(),
            new KvException.TooManyOps(),
            new KvException.DuplicateKey(),
            new KvException.InvalidSortOption(),
            new KvException.RequestTooLarge(2, 1),
            new KvException.LeaseNotFound(7),
            new LeaseException.NotFound(7),
            new LeaseException.AlreadyExists(7),
            new LeaseException.TtlTooLarge(9_000_000_001L),
            new CompactedException(1, 2),
            new FutureRevisionException(3, 2),
            new HubStoppedException(),
            new MembershipException.BadUrls("no scheme"),
            new MembershipException.IdExists(1),
            new MembershipException.PeerUrlExists("http://a:2380"),
            new MembershipException.NotEnoughStarted(1, 2),
            new MembershipException.MemberNotFound(1),
            new MembershipException.NotLearner(1),
            new MembershipException.LearnerNotReady(1, 80, 100),
            new MembershipException.TooManyLearners(1),
            new MembershipException.Unhealthy("down"),
            new MembershipException.NotLeader(),
            new MembershipException.BadLeaderTransferee(1),
            new MembershipException.LeaderTransferTimeout(1),
            new ReplicationException.RequestTimedOut());

    static List<ErrorMapping.Row> rows() {
        return ErrorMapping.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void mapsEveryRowToItsCodeAndExactText(ErrorMapping.Row row) {
        Throwable sample = SAMPLES.stream()
                .filter(s -> s.getClass() == row.type())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample for " + row.type()));
        StatusRuntimeException status = ErrorMapping.toStatus(sample);
        assertThat(status.getStatus().getCode()).isEqualTo(row.code());
        assertThat(status.getStatus().getDescription()).isEqualTo(row.message()).startsWith("etcdserver: ");
        assertThat(status.getTrailers()).isNull();
    }

    @Test
    void everyKvErrorHasExactlyOneRow() {
        List<Class<?>> kvErrors = Arrays.asList(KvException.class.getPermittedSubclasses());
        List<Class<?>> rowTypes =
                ErrorMapping.rows().stream().map(ErrorMapping.Row::type).collect(Collectors.toList());
        assertThat(rowTypes).doesNotHaveDuplicates().containsAll(kvErrors);
        assertThat(SAMPLES).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(rowTypes);
    }

    @Test
    void everyMembershipErrorHasExactlyOneRow() {
        List<Class<?>> errors = Arrays.asList(MembershipException.class.getPermittedSubclasses());
        List<Class<?>> rowTypes =
                ErrorMapping.rows().stream().map(ErrorMapping.Row::type).collect(Collectors.toList());
        assertThat(rowTypes).containsAll(errors);
    }

    @Test
    void unwrapsFutureWrappers() {
        Throwable wrapped = new CompletionException(new ExecutionException(new KvException.DuplicateKey()));
        assertThat(ErrorMapping.toStatus(wrapped).getStatus().getDescription())
                .isEqualTo("etcdserver: duplicate key given in txn request");
    }

    @Test
    void unknownErrorsAreUnknownWithTheirMessage() {
        Status status =
                ErrorMapping.toStatus(new IllegalStateException("disk on fire")).getStatus();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(status.getDescription()).isEqualTo("disk on fire");
        assertThat(ErrorMapping.toStatus(new NullPointerException()).getStatus().getDescription())
                .isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void statusExceptionsPassThrough() {
        StatusRuntimeException e = Status.NOT_FOUND.withDescription("x").asRuntimeException();
        assertThat(ErrorMapping.toStatus(new CompletionException(e))).isSameAs(e);
    }
}
