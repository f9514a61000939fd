package dev.cairn.server.rpc;

import static dev.cairn.server.rpc.ElectionFixture.UNKNOWN_LEASE;
import static dev.cairn.server.rpc.ElectionFixture.WAIT_SECONDS;
import static dev.cairn.server.rpc.KvFixture.assertHeader;
import static dev.cairn.server.rpc.KvFixture.assertStatus;
import static dev.cairn.server.rpc.Ops.bs;
import static dev.cairn.server.rpc.Ops.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.mvccpb.KeyValue;
import dev.cairn.proto.v3lockpb.LockRequest;
import dev.cairn.proto.v3lockpb.LockResponse;
import dev.cairn.proto.v3lockpb.UnlockRequest;
import dev.cairn.proto.v3lockpb.UnlockResponse;
import io.grpc.Context;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lock service over in-process gRPC: acquiring, contention, re-entry, cancel, unlock. */
class LockServiceTest {
    @TempDir
    Path dir;

    ElectionFixture f;

    @BeforeEach
    void start() {
        f = new ElectionFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void uncontendedLockIsHeldAtOnceWithAnEmptyLeasedKey() {
        LockResponse r = f.lock.lock(lock("l", 0x1F));
        assertHeader(r.getHeader(), 2);
        assertThat(str(r.getKey())).isEqualTo("l/1f");
        KeyValue kv = f.kv.range(Ops.getReq("l/1f")).getKvs(0);
        assertThat(kv.getValue().isEmpty()).isTrue();
        assertThat(kv.getLease()).isEqualTo(0x1F);
    }

    @Test
    void lockWithLeaseZeroRunsOnAFreshSessionLease() {
        assertThat(str(f.lock.lock(lock("l", 0)).getKey())).isEqualTo("l/1000");
        assertThat(str(f.lock.lock(lock("m", 0)).getKey())).isEqualTo("m/1001");
    }

    @Test
    void secondLockCompletesOnlyAfterUnlock() throws Exception {
        LockResponse first = f.lock.lock(lock("l", 1));
        Replies.Unary<LockResponse> second = new Replies.Unary<>();
        f.lockAsync.lock(lock("l", 2), second);
        f.created("l/2").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(second.answer).isNotDone();

        UnlockResponse unlocked =
                f.lock.unlock(UnlockRequest.newBuilder().setKey(first.getKey()).build());
        assertHeader(unlocked.getHeader(), 4);
        LockResponse got = second.await();
        assertThat(str(got.getKey())).isEqualTo("l/2");
        assertHeader(got.getHeader(), 4);
    }

    @Test
    void lockingAgainWithTheSameLeaseReturnsTheSameKey() {
        LockResponse first = f.lock.lock(lock("l", 1));
        LockResponse again = f.lock.lock(lock("l", 1));
        assertThat(again.getKey()).isEqualTo(first.getKey());
        assertHeader(again.getHeader(), 2);
        assertThat(f.kv.range(Ops.getReq("l/1")).getKvs(0).getVersion()).isEqualTo(1);
    }

    @Test
    void locksOfDifferentNamesDoNotContend() {
        f.lock.lock(lock("l", 1));
        assertThat(str(f.lock.lock(lock("m", 2)).getKey())).isEqualTo("m/2");
        assertThat(str(f.lock.lock(lock("l/x", 3)).getKey())).isEqualTo("l/x/3");
    }

    @Test
    void cancellingAWaitingLockDeletesItsKey() throws Exception {
        f.lock.lock(lock("l", 1));
        Replies.Unary<LockResponse> second = new Replies.Unary<>();
        Context.CancellableContext locking = Context.current().withCancellation();
        locking.run(() -> f.lockAsync.lock(lock("l", 2), second));
        f.created("l/2").get(WAIT_SECONDS, TimeUnit.SECONDS);

        locking.cancel(null);
        f.deleted("l/2").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(f.exists("l/2")).isFalse();
        assertThat(f.exists("l/1")).isTrue();
    }

    @Test
    void lockWhoseKeyVanishedWhileWaitingHasAnExpiredSession() throws Exception {
        LockResponse first = f.lock.lock(lock("l", 1));
        Replies.Unary<LockResponse> second = new Replies.Unary<>();
        f.lockAsync.lock(lock("l", 2), second);
        f.created("l/2").get(WAIT_SECONDS, TimeUnit.SECONDS);
        f.kv.deleteRange(Ops.delReq("l/2")); // as when its lease expires
        f.lock.unlock(UnlockRequest.newBuilder().setKey(first.getKey()).build());
        assertStatus(second::await, Status.Code.UNKNOWN, "session expired");
    }

    @Test
    void lockWithAnUnknownLeaseFailsLikeItsPut() {
        assertStatus(
                () -> f.lock.lock(lock("l", UNKNOWN_LEASE)),
                Status.Code.NOT_FOUND,
                "etcdserver: requested lease not found");
    }

    @Test
    void unlockOfAMissingKeyIsNoError() {
        UnlockResponse r =
                f.lock.unlock(UnlockRequest.newBuilder().setKey(bs("l/9")).build());
        assertHeader(r.getHeader(), 1);
    }

    static LockRequest lock(String name, long lease) {
        return LockRequest.newBuilder().setName(bs(name)).setLease(lease).build();
    }
}
