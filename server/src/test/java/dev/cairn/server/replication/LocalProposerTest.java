package dev.cairn.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.proto.etcdserverpb.PutRequest;
import dev.cairn.proto.etcdserverpb.PutResponse;
import dev.cairn.proto.raftpb.ReplicatedRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProposerTest {
    @TempDir
    Path dir;

    static ReplicatedRequest put(String key) {
        return ReplicatedRequest.newBuilder()
                .setId(777) // replaced by the proposer
                .setPut(PutRequest.newBuilder().setKey(EntryApplierTest.bs(key)))
                .build();
    }

    @Test
    void aNewMemberStartsAtIndexOneAndEachProposalTakesTheNextIndex() {
        try (EntryApplierTest.Member m = new EntryApplierTest.Member(dir)) {
            LocalProposer proposer =
                    new LocalProposer(m.applier, m.waiters, RequestIds.forMember(1, Instant.ofEpochMilli(1)));
            List<CompletableFuture<Applied>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(proposer.propose(put("k" + i)));
            }
            List<Long> indexes = results.stream().map(f -> f.join().index()).toList();
            assertThat(indexes).containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(results.get(4)
                            .join()
                            .response(PutResponse.class)
                            .getHeader()
                            .getRevision())
                    .isEqualTo(6);
            assertThat(m.applier.appliedIndex()).isEqualTo(6);
            assertThat(m.waiters.size()).isZero();
        }
    }

    @Test
    void aRestartedMemberContinuesFromTheIndexRecordedWithItsData() {
        try (EntryApplierTest.Member m = new EntryApplierTest.Member(dir)) {
            LocalProposer proposer =
                    new LocalProposer(m.applier, m.waiters, RequestIds.forMember(1, Instant.ofEpochMilli(1)));
            proposer.propose(put("a")).join();
            assertThat(proposer.propose(put("b")).join().index()).isEqualTo(3);
        }
        try (EntryApplierTest.Member m = new EntryApplierTest.Member(dir)) {
            assertThat(m.applier.appliedIndex()).isEqualTo(3);
            LocalProposer proposer =
                    new LocalProposer(m.applier, m.waiters, RequestIds.forMember(1, Instant.ofEpochMilli(2)));
            assertThat(proposer.propose(put("c")).join().index()).isEqualTo(4);
        }
    }

    @Test
    void concurrentProposalsEachGetTheirOwnIndexAndApplyInIndexOrder() throws Exception {
        try (EntryApplierTest.Member m = new EntryApplierTest.Member(dir)) {
            LocalProposer proposer =
                    new LocalProposer(m.applier, m.waiters, RequestIds.forMember(1, Instant.ofEpochMilli(1)));
            List<Thread> threads = new ArrayList<>();
            List<CompletableFuture<Applied>> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                int n = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        results.add(proposer.propose(put("t" + n + "/" + i)));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            List<Applied> applied =
                    results.stream().map(CompletableFuture::join).toList();
            // every proposal got its own index, and a put at a higher index has the higher revision
            assertThat(applied.stream().map(Applied::index).distinct()).hasSize(200);
            for (Applied a : applied) {
                assertThat(a.response(PutResponse.class).getHeader().getRevision())
                        .isEqualTo(a.index());
            }
        }
    }
}
