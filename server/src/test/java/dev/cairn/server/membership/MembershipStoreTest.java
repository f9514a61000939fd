package dev.cairn.server.membership;

import static dev.cairn.server.membership.Fixtures.unstarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.mvcc.MvccStore;
import dev.cairn.storage.mvcc.MvccStores;
import dev.cairn.storage.mvcc.ReadView;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members written with the applied index in one store write, and restored after a reopen. */
class MembershipStoreTest {
    @TempDir
    Path dir;

    @Test
    void survivesAReopenWithTheAppliedIndex() {
        Membership membership = new Membership(1, MemberSet.EMPTY, 1);
        try (MvccStore store = MvccStores.open(dir)) {
            for (long i = 1; i <= 3; i++) {
                long id = i;
                store.write(i, txn -> membership.apply(MemberChanges.add(unstarted(id)), txn))
                        .join();
            }
            store.write(
                            4,
                            txn -> membership.applyAttributes(
                                    MemberChanges.publish(2, "m2", List.of("http://10.0.0.2:2379")), txn))
                    .join();
            store.write(5, txn -> membership.apply(MemberChanges.remove(3), txn))
                    .join();
        }
        try (MvccStore store = MvccStores.open(dir);
                ReadView view = store.read()) {
            assertThat(store.appliedIndex()).isEqualTo(5);
            MemberSet restored = ClusterRecords.restore(view);
            assertThat(restored).isEqualTo(membership.current());
            assertThat(restored.member(2).orElseThrow().started()).isTrue();
            assertThat(restored.isRemoved(3)).isTrue();
        }
    }
}
