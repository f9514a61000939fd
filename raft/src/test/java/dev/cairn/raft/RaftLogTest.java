package dev.cairn.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log over storage plus the unstable tail (log matching, 5.3, at the unit level). */
class RaftLogTest {

    private static Entry e(long term, long index) {
        return Entry.normal(term, index, ByteString.copyFromUtf8(term + "/" + index));
    }

    private static RaftLog logWithStable(Entry... stable) {
        MemoryStorage ms = new MemoryStorage();
        ms.append(List.of(stable));
        return new RaftLog(ms, Long.MAX_VALUE);
    }

    @Test
    void maybeAppendMatchesThePrecedingEntryAndTruncatesConflicts() {
        RaftLog log = logWithStable(e(1, 1), e(2, 2), e(3, 3));
        assertThat(log.maybeAppend(3, 2, 0, List.of(e(4, 4)))).isEqualTo(-1); // term mismatch at 3
        assertThat(log.maybeAppend(2, 2, 3, List.of(e(4, 3), e(4, 4)))).isEqualTo(4);
        assertThat(log.term(3)).isEqualTo(4);
        assertThat(log.committed).isEqualTo(3);
        assertThat(log.unstable.entries()).containsExactly(e(4, 3), e(4, 4));
        // an append that holds nothing new changes nothing
        assertThat(log.maybeAppend(2, 2, 3, List.of(e(4, 3)))).isEqualTo(3);
        assertThat(log.lastIndex()).isEqualTo(4);
        assertThatThrownBy(() -> log.maybeAppend(1, 1, 3, List.of(e(5, 2)))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void findConflictByTermSkipsHigherTerms() {
        RaftLog log = logWithStable(e(1, 1), e(1, 2), e(3, 3), e(3, 4), e(5, 5));
        assertThat(log.findConflictByTerm(5, 4)).containsExactly(4, 3);
        assertThat(log.findConflictByTerm(5, 2)).containsExactly(2, 1);
        assertThat(log.findConflictByTerm(5, 5)).containsExactly(5, 5);
        assertThat(log.findConflictByTerm(5, 0)).containsExactly(0, 0);
    }

    @Test
    void upToDateComparesLastTermThenLength() {
        RaftLog log = logWithStable(e(1, 1), e(2, 2));
        assertThat(log.isUpToDate(1, 3)).isTrue();
        assertThat(log.isUpToDate(2, 2)).isTrue();
        assertThat(log.isUpToDate(1, 2)).isFalse();
        assertThat(log.isUpToDate(5, 1)).isFalse();
    }

    @Test
    void commitOnlyForwardAndOnlyForTheGivenTerm() {
        RaftLog log = logWithStable(e(1, 1), e(2, 2));
        assertThat(log.maybeCommit(2, 1)).isFalse();
        assertThat(log.maybeCommit(2, 2)).isTrue();
        log.commitTo(1);
        assertThat(log.committed).isEqualTo(2);
        assertThatThrownBy(() -> log.commitTo(3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stableToDropsOnlyWhatWasPersistedWithTheSameTerm() {
        RaftLog log = logWithStable(e(1, 1));
        log.append(List.of(e(1, 2), e(1, 3)));
        log.append(List.of(e(2, 3))); // replaced before the driver persisted (2,3)
        log.unstable.stableTo(3, 1); // the stale persist of (1,3) does not count
        assertThat(log.unstable.entries()).containsExactly(e(1, 2), e(2, 3));
        log.unstable.stableTo(2, 1);
        assertThat(log.unstable.entries()).containsExactly(e(2, 3));
    }

    @Test
    void sliceSpansStorageAndUnstableAndHonoursTheSizeLimit() {
        RaftLog log = logWithStable(e(1, 1), e(1, 2));
        log.append(List.of(e(1, 3), e(1, 4)));
        assertThat(log.slice(2, 5, Long.MAX_VALUE)).containsExactly(e(1, 2), e(1, 3), e(1, 4));
        assertThat(log.slice(2, 5, 0)).containsExactly(e(1, 2));
        long two = Entries.size(e(1, 2)) + Entries.size(e(1, 3));
        assertThat(log.slice(2, 5, two)).containsExactly(e(1, 2), e(1, 3));
    }

    @Test
    void restoreMakesTheSnapshotTheLogStartAndBlocksCommittedEntries() {
        RaftLog log = logWithStable(e(1, 1));
        log.restore(new Snapshot(new SnapshotMetadata(10, 3, ConfState.EMPTY), ByteString.EMPTY));
        assertThat(log.firstIndex()).isEqualTo(11);
        assertThat(log.lastIndex()).isEqualTo(10);
        assertThat(log.term(10)).isEqualTo(3);
        assertThat(log.committed).isEqualTo(10);
        assertThat(log.hasNextCommittedEnts()).isFalse();
        assertThatThrownBy(() -> log.term(5)).isInstanceOf(CompactedException.class);
    }
}
