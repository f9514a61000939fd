package dev.cairn.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.config.ConfigException;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.LoadOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The membership flags, read from etcd's flags. */
class MembershipSettingsTest {
    static MembershipSettings from(String... args) throws ConfigException {
        return MembershipSettings.from(((LoadOutcome.Run) ConfigLoader.load(List.of(args), Map.of())).config());
    }

    @Test
    void defaultsAreEtcds() throws ConfigException {
        assertThat(from()).isEqualTo(MembershipSettings.DEFAULTS);
        assertThat(MembershipSettings.DEFAULTS).isEqualTo(new MembershipSettings(true, 1, Duration.ofSeconds(7)));
    }

    @Test
    void readsTheFlags() throws ConfigException {
        assertThat(from("--strict-reconfig-check=false", "--max-learners=3", "--election-timeout=2000"))
                .isEqualTo(new MembershipSettings(false, 3, Duration.ofSeconds(9)));
    }
}
