package dev.cairn.conformance;

import static dev.cairn.conformance.JetcdCalls.await;
import static dev.cairn.conformance.JetcdCalls.bs;
import static dev.cairn.conformance.JetcdCalls.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jetcd 0.8.5, a real Java client, against each target. Expected values are etcd's documented
 * behaviour; running the same assertions against etcd keeps them honest.
 */
class JetcdTest {
    @TempDir
    static Path pki;

    static Stream<Target> targets() {
        return Target.selected().stream();
    }

    /** How a failed call reached the application: the gRPC code and etcd's text. */
    private record Failure(Status.Code code, String message) {}

    /**
     * The error a failed call completes with. jetcd 0.8.5 hands KV errors to the application as
     * the grpc StatusRuntimeException (some paths wrap them in its EtcdException); either way the
     * application sees etcd's status code and text, which is what must match.
     */
    private static Failure failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        Throwable cause = thrown.getCause();
        if (cause instanceof StatusRuntimeException status) {
            String description = status.getStatus().getDescription();
            return new Failure(status.getStatus().getCode(), description == null ? "" : description);
        }
        if (cause instanceof EtcdException etcd) {
            return new Failure(Status.Code.valueOf(etcd.getErrorCode().name()), String.valueOf(etcd.getMessage()));
        }
        throw new AssertionError("expected a gRPC status error, got " + thrown, thrown);
    }

    private record Session(ServerProcess server, Client client) implements AutoCloseable {
        static Session open(Target target, String label, @Nullable TlsMaterial tls) {
            ServerProcess server = ServerProcess.start(target, label, tls);
            try {
                ClientBuilder builder = Client.builder()
                        .endpoints(server.endpoint())
                        .connectTimeout(Duration.ofSeconds(5))
                        .retryMaxDuration(Duration.ofSeconds(10));
                if (tls != null) {
                    builder.sslContext(GrpcSslContexts.forClient()
                            .trustManager(tls.caCert().toFile())
                            .keyManager(
                                    tls.clientCert().toFile(), tls.clientKey().toFile())
                            .build());
                }
                return new Session(server, builder.build());
            } catch (IOException | RuntimeException e) {
                server.close();
                throw new IllegalStateException(e);
            }
        }

        KV kv() {
            return client.getKVClient();
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void putGetDeleteFollowEtcdRevisions(Target target) {
        try (Session s = Session.open(target, "jetcd-basic", null)) {
            KV kv = s.kv();
            PutResponse first = await(kv.put(bs("k1"), bs("v1")));
            assertThat(first.getHeader().getRevision()).isEqualTo(2);
            assertThat(first.hasPrevKv()).isFalse();
            assertThat(first.getHeader().getClusterId()).isNotZero();
            assertThat(first.getHeader().getMemberId()).isNotZero();

            PutResponse second = await(
                    kv.put(bs("k1"), bs("v2"), PutOption.builder().withPrevKV().build()));
            assertThat(second.getHeader().getRevision()).isEqualTo(3);
            assertThat(second.hasPrevKv()).isTrue();
            assertThat(str(second.getPrevKv().getValue())).isEqualTo("v1");
            assertThat(second.getPrevKv().getVersion()).isEqualTo(1);

            GetResponse get = await(kv.get(bs("k1")));
            assertThat(get.getCount()).isEqualTo(1);
            assertThat(get.isMore()).isFalse();
            assertThat(get.getKvs()).singleElement().satisfies(kv1 -> {
                assertThat(str(kv1.getKey())).isEqualTo("k1");
                assertThat(str(kv1.getValue())).isEqualTo("v2");
                assertThat(kv1.getCreateRevision()).isEqualTo(2);
                assertThat(kv1.getModRevision()).isEqualTo(3);
                assertThat(kv1.getVersion()).isEqualTo(2);
                assertThat(kv1.getLease()).isZero();
            });

            DeleteResponse deleted = await(
                    kv.delete(bs("k1"), DeleteOption.builder().withPrevKV(true).build()));
            assertThat(deleted.getDeleted()).isEqualTo(1);
            assertThat(deleted.getPrevKvs())
                    .singleElement()
                    .satisfies(p -> assertThat(str(p.getValue())).isEqualTo("v2"));
            assertThat(deleted.getHeader().getRevision()).isEqualTo(4);

            DeleteResponse none = await(kv.delete(bs("k1")));
            assertThat(none.getDeleted()).isZero();
            assertThat(none.getHeader().getRevision()).isEqualTo(4);

            GetResponse gone = await(kv.get(bs("k1")));
            assertThat(gone.getKvs()).isEmpty();
            assertThat(gone.getCount()).isZero();
            assertThat(gone.getHeader().getRevision()).isEqualTo(4);

            GetResponse history =
                    await(kv.get(bs("k1"), GetOption.builder().withRevision(2).build()));
            assertThat(history.getKvs())
                    .singleElement()
                    .satisfies(kv1 -> assertThat(str(kv1.getValue())).isEqualTo("v1"));
            assertThat(history.getHeader().getRevision())
                    .as("header is the current revision")
                    .isEqualTo(4);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void prefixReadsWithOptions(Target target) {
        try (Session s = Session.open(target, "jetcd-prefix", null)) {
            KV kv = s.kv();
            for (String key : List.of("p/b", "p/a", "q", "p/c", "p")) {
                await(kv.put(bs(key), bs("value-of-" + key)));
            }
            GetResponse all =
                    await(kv.get(bs("p/"), GetOption.builder().isPrefix(true).build()));
            assertThat(all.getKvs()).extracting(kv1 -> str(kv1.getKey())).containsExactly("p/a", "p/b", "p/c");
            assertThat(all.getCount()).isEqualTo(3);

            GetResponse limited = await(kv.get(
                    bs("p/"), GetOption.builder().isPrefix(true).withLimit(2).build()));
            assertThat(limited.getKvs()).extracting(kv1 -> str(kv1.getKey())).containsExactly("p/a", "p/b");
            assertThat(limited.isMore()).isTrue();
            assertThat(limited.getCount()).isEqualTo(3);

            GetResponse descending = await(kv.get(
                    bs("p/"),
                    GetOption.builder()
                            .isPrefix(true)
                            .withSortField(GetOption.SortTarget.KEY)
                            .withSortOrder(GetOption.SortOrder.DESCEND)
                            .build()));
            assertThat(descending.getKvs()).extracting(kv1 -> str(kv1.getKey())).containsExactly("p/c", "p/b", "p/a");

            GetResponse byCreate = await(kv.get(
                    bs("p"),
                    GetOption.builder()
                            .isPrefix(true)
                            .withSortField(GetOption.SortTarget.CREATE)
                            .withSortOrder(GetOption.SortOrder.ASCEND)
                            .build()));
            assertThat(byCreate.getKvs())
                    .extracting(kv1 -> str(kv1.getKey()))
                    .containsExactly("p/b", "p/a", "p/c", "p");

            GetResponse keysOnly = await(kv.get(
                    bs("p/"),
                    GetOption.builder().isPrefix(true).withKeysOnly(true).build()));
            assertThat(keysOnly.getKvs())
                    .hasSize(3)
                    .allSatisfy(kv1 -> assertThat(kv1.getValue().isEmpty()).isTrue());

            GetResponse countOnly = await(kv.get(
                    bs("p/"),
                    GetOption.builder().isPrefix(true).withCountOnly(true).build()));
            assertThat(countOnly.getKvs()).isEmpty();
            assertThat(countOnly.getCount()).isEqualTo(3);

            GetResponse range = await(
                    kv.get(bs("p/a"), GetOption.builder().withRange(bs("p/c")).build()));
            assertThat(range.getKvs()).extracting(kv1 -> str(kv1.getKey())).containsExactly("p/a", "p/b");

            GetResponse atRevision3 = await(kv.get(
                    bs("p/"), GetOption.builder().isPrefix(true).withRevision(3).build()));
            assertThat(atRevision3.getKvs())
                    .extracting(kv1 -> str(kv1.getKey()))
                    .containsExactly("p/a", "p/b");

            GetResponse modFiltered = await(kv.get(
                    bs("p"),
                    GetOption.builder().isPrefix(true).withMinModRevision(4).build()));
            assertThat(modFiltered.getKvs())
                    .extracting(kv1 -> str(kv1.getKey()))
                    .containsExactly("p", "p/c");

            DeleteResponse deleted = await(kv.delete(
                    bs("p/"),
                    DeleteOption.builder().isPrefix(true).withPrevKV(true).build()));
            assertThat(deleted.getDeleted()).isEqualTo(3);
            assertThat(deleted.getPrevKvs())
                    .extracting(kv1 -> str(kv1.getKey()))
                    .containsExactly("p/a", "p/b", "p/c");
            assertThat(await(kv.get(bs("p"), GetOption.builder().isPrefix(true).build()))
                            .getKvs())
                    .extracting(kv1 -> str(kv1.getKey()))
                    .containsExactly("p");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void txnTakesTheRightBranch(Target target) {
        try (Session s = Session.open(target, "jetcd-txn", null)) {
            KV kv = s.kv();
            await(kv.put(bs("t"), bs("1")));

            TxnResponse success = await(kv.txn()
                    .If(
                            new Cmp(bs("t"), Cmp.Op.EQUAL, CmpTarget.value(bs("1"))),
                            new Cmp(bs("t"), Cmp.Op.GREATER, CmpTarget.modRevision(1)),
                            new Cmp(bs("absent"), Cmp.Op.EQUAL, CmpTarget.version(0)))
                    .Then(Op.put(bs("t"), bs("2"), PutOption.DEFAULT), Op.get(bs("t"), GetOption.DEFAULT))
                    .Else(Op.put(bs("else"), bs("x"), PutOption.DEFAULT))
                    .commit());
            assertThat(success.isSucceeded()).isTrue();
            assertThat(success.getHeader().getRevision()).isEqualTo(3);
            assertThat(success.getPutResponses()).hasSize(1);
            assertThat(success.getGetResponses())
                    .singleElement()
                    .satisfies(g -> assertThat(g.getKvs()).singleElement().satisfies(kv1 -> {
                        assertThat(str(kv1.getValue()))
                                .as("reads see the txn's own write")
                                .isEqualTo("2");
                        assertThat(kv1.getModRevision()).isEqualTo(3);
                    }));

            TxnResponse failure = await(kv.txn()
                    .If(new Cmp(bs("t"), Cmp.Op.LESS, CmpTarget.version(2)))
                    .Then(Op.put(bs("never"), bs("x"), PutOption.DEFAULT))
                    .Else(Op.delete(
                            bs("t"), DeleteOption.builder().withPrevKV(true).build()))
                    .commit());
            assertThat(failure.isSucceeded()).isFalse();
            assertThat(failure.getDeleteResponses()).singleElement().satisfies(d -> {
                assertThat(d.getDeleted()).isEqualTo(1);
                assertThat(d.getPrevKvs())
                        .singleElement()
                        .satisfies(p -> assertThat(str(p.getValue())).isEqualTo("2"));
            });
            assertThat(failure.getHeader().getRevision()).isEqualTo(4);

            TxnResponse valueOnMissing = await(kv.txn()
                    .If(new Cmp(bs("missing"), Cmp.Op.NOT_EQUAL, CmpTarget.value(bs("x"))))
                    .Then(Op.put(bs("m"), bs("then"), PutOption.DEFAULT))
                    .commit());
            assertThat(valueOnMissing.isSucceeded())
                    .as("a VALUE compare on a missing key is false, even NOT_EQUAL")
                    .isFalse();
            assertThat(valueOnMissing.getHeader().getRevision())
                    .as("an empty branch writes nothing")
                    .isEqualTo(4);

            assertThat(await(kv.get(bs("never"))).getKvs()).isEmpty();
            assertThat(await(kv.get(bs("t"))).getKvs()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void compactionErrorsCarryEtcdTexts(Target target) {
        try (Session s = Session.open(target, "jetcd-compact", null)) {
            KV kv = s.kv();
            for (int i = 1; i <= 5; i++) {
                await(kv.put(bs("c"), bs("v" + i))); // revisions 2..6
            }
            await(kv.compact(
                    4, CompactOption.builder().withCompactPhysical(true).build()));

            Failure compacted =
                    failure(kv.get(bs("c"), GetOption.builder().withRevision(3).build()));
            assertThat(compacted.code()).isEqualTo(Status.Code.OUT_OF_RANGE);
            assertThat(compacted.message()).isEqualTo("etcdserver: mvcc: required revision has been compacted");

            GetResponse atCompaction =
                    await(kv.get(bs("c"), GetOption.builder().withRevision(4).build()));
            assertThat(atCompaction.getKvs())
                    .singleElement()
                    .satisfies(kv1 -> assertThat(str(kv1.getValue())).isEqualTo("v3"));

            Failure again = failure(kv.compact(4));
            assertThat(again.code()).isEqualTo(Status.Code.OUT_OF_RANGE);
            assertThat(again.message()).isEqualTo("etcdserver: mvcc: required revision has been compacted");

            Failure future = failure(kv.compact(100));
            assertThat(future.code()).isEqualTo(Status.Code.OUT_OF_RANGE);
            assertThat(future.message()).isEqualTo("etcdserver: mvcc: required revision is a future revision");

            Failure futureRead = failure(
                    kv.get(bs("c"), GetOption.builder().withRevision(100).build()));
            assertThat(futureRead.message()).isEqualTo("etcdserver: mvcc: required revision is a future revision");

            assertThat(await(kv.compact(6)).getHeader().getRevision()).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void invalidRequestsFailWithEtcdTexts(Target target) {
        try (Session s = Session.open(target, "jetcd-errors", null)) {
            KV kv = s.kv();
            await(kv.put(bs("k"), bs("v")));

            Failure noLease = failure(kv.put(
                    bs("k"), bs("v"), PutOption.builder().withLeaseId(12345).build()));
            assertThat(noLease.code()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(noLease.message()).isEqualTo("etcdserver: requested lease not found");

            Failure emptyKey = failure(kv.put(ByteSequence.EMPTY, bs("v")));
            assertThat(emptyKey.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(emptyKey.message()).isEqualTo("etcdserver: key is not provided");

            Failure duplicate = failure(kv.txn()
                    .Then(Op.put(bs("d"), bs("1"), PutOption.DEFAULT), Op.put(bs("d"), bs("2"), PutOption.DEFAULT))
                    .commit());
            assertThat(duplicate.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(duplicate.message()).isEqualTo("etcdserver: duplicate key given in txn request");

            Failure putInDeletedRange = failure(kv.txn()
                    .Then(
                            Op.put(bs("r/1"), bs("1"), PutOption.DEFAULT),
                            Op.delete(
                                    bs("r/"),
                                    DeleteOption.builder().isPrefix(true).build()))
                    .commit());
            assertThat(putInDeletedRange.message()).isEqualTo("etcdserver: duplicate key given in txn request");

            Op[] tooMany = new Op[KvOpGenerator.MAX_TXN_OPS + 1];
            for (int i = 0; i < tooMany.length; i++) {
                tooMany[i] = Op.get(bs("k"), GetOption.DEFAULT);
            }
            Failure wide = failure(kv.txn().Then(tooMany).commit());
            assertThat(wide.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(wide.message()).isEqualTo("etcdserver: too many operations in txn request");

            assertThat(await(kv.get(bs("d"))).getKvs())
                    .as("failed txns write nothing")
                    .isEmpty();
            assertThat(await(kv.get(bs("k"))).getHeader().getRevision()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void mutualTlsWithClientCertificate(Target target) throws IOException, InterruptedException {
        TlsMaterial tls = TlsMaterial.create(pki.resolve(target.lowerName()));
        try (Session s = Session.open(target, "jetcd-tls", tls)) {
            KV kv = s.kv();
            assertThat(await(kv.put(bs("secure"), bs("yes"))).getHeader().getRevision())
                    .isEqualTo(2);
            assertThat(await(kv.get(bs("secure"))).getKvs())
                    .singleElement()
                    .satisfies(kv1 -> assertThat(str(kv1.getValue())).isEqualTo("yes"));
        }
    }
}
