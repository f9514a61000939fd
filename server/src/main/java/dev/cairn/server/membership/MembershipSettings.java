package dev.cairn.server.membership;

import dev.cairn.server.config.ServerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The flags membership changes obey. Immutable.
 *
 * @param strictReconfigCheck {@code --strict-reconfig-check} (default true): refuse changes that
 *     would leave too few started or connected voters
 * @param maxLearners {@code --max-learners} (default 1)
 * @param requestTimeout etcd's request timeout, 5 s + 2 x {@code --election-timeout}: how long
 *     MoveLeader waits for the transfer when the client gives no deadline
 */
public record MembershipSettings(boolean strictReconfigCheck, int maxLearners, Duration requestTimeout) {
    /** etcd's defaults with a 1 s election timeout. */
    public static final MembershipSettings DEFAULTS = new MembershipSettings(true, 1, Duration.ofSeconds(7));

    public MembershipSettings {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxLearners < 0) {
            throw new IllegalArgumentException("--max-learners must not be negative (set to " + maxLearners + ")");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
    }

    /** The settings {@code config} resolved from etcd's flags. */
    public static MembershipSettings from(ServerConfig config) {
        String strict = config.settings().getOrDefault("strict-reconfig-check", "true");
        String learners = config.settings().getOrDefault("max-learners", "1");
        Duration timeout =
                Duration.ofSeconds(5).plus(config.tuning().electionTimeout().multipliedBy(2));
        return new MembershipSettings(Boolean.parseBoolean(strict), Integer.parseInt(learners.strip()), timeout);
    }
}
