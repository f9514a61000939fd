package dev.cairn.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-chosen lease IDs follow etcd's layout and count up. */
class LeaseIdsTest {
    @Test
    void idsCarryTheMemberPrefixAndCountUpFromTheStartTime() {
        long member = 0x8e9e05c52164694dL; // etcd's default member ID
        LeaseIds ids = LeaseIds.forMember(member, Instant.ofEpochMilli(0x0123456789L));
        long first = ids.next();
        assertThat(first).isEqualTo(0x694d_0123_4567_8901L);
        assertThat(ids.next()).isEqualTo(first + 1);
    }

    @Test
    void idsArePositiveEvenWhenTheMemberIdHasItsTopBitSet() {
        LeaseIds ids = LeaseIds.forMember(0xffffL, Instant.ofEpochMilli(1));
        assertThat(ids.next()).isPositive().isEqualTo(0x7fff_0000_0000_0101L);
    }

    @Test
    void grantsWithoutAnIdGetIncreasingIds(@TempDir Path dir) {
        try (LeaseWorld world = new LeaseWorld(dir)) {
            long a = world.lessor.grant(0, 60).join().id();
            long b = world.lessor.grant(0, 60).join().id();
            assertThat(b).isGreaterThan(a);
        }
    }
}
