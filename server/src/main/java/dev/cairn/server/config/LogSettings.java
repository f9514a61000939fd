package dev.cairn.server.config;

import java.util.List;
import java.util.Locale;

/**
 * Logging flags. Immutable.
 *
 * @param logger {@code --logger} (zap or capnslog; the text format is the same here)
 * @param level {@code --log-level}
 * @param outputs {@code --log-outputs}: default, stderr, stdout or file paths
 */
public record LogSettings(String logger, Level level, List<String> outputs) {
    public LogSettings {
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("--log-outputs must name at least one output");
        }
    }

    /** etcd's log levels. */
    public enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR,
        PANIC,
        FATAL;

        /** Parses a level name as etcd spells it. */
        public static Level parse(String text) {
            for (Level l : values()) {
                if (l.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return l;
                }
            }
            throw new IllegalArgumentException(
                    "unknown log level \"" + text + "\" (only supports debug, info, warn, error, panic, or fatal)");
        }
    }
}
