package dev.cairn.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void memberBitsThenTimeAndCounterCountingUp() {
        RequestIds ids = RequestIds.forMember(0x1234_abcdL, Instant.ofEpochMilli(1));
        // low 16 bits of the member, then 1 ms << 8, plus the counter
        assertThat(ids.next()).isEqualTo(0xabcd_0000_0000_0101L);
        assertThat(ids.next()).isEqualTo(0xabcd_0000_0000_0102L);
    }

    @Test
    void twoMembersNeverShareAnId() {
        RequestIds a = RequestIds.forMember(1, Instant.ofEpochMilli(5));
        RequestIds b = RequestIds.forMember(2, Instant.ofEpochMilli(5));
        assertThat(a.next()).isNotEqualTo(b.next());
    }
}
