package dev.cairn.server.launch;

import dev.cairn.server.config.LogSettings;
import java.util.Locale;

/**
 * Configures slf4j-simple from {@code --log-level} and {@code --log-outputs}. slf4j-simple reads
 * only system properties, once, when the first logger is created; so {@link #configure} must run
 * before anything calls {@code LoggerFactory}. Properties already given with {@code -D} win.
 *
 * <p>Not thread-safe: called once by {@link Main} on the main thread before any other thread
 * starts.
 */
final class LoggingSetup {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LoggingSetup() {}

    /**
     * Sets the slf4j-simple properties for {@code settings}, and the level of grpc-java's own
     * {@code java.util.logging} output (which does not go through slf4j).
     *
     * @return the grpc-java JUL logger whose level was set; the caller keeps it reachable while the
     *     member runs (JUL holds loggers weakly, and a collected logger forgets its level)
     */
    static java.util.logging.Logger configure(LogSettings settings) {
        String level = switch (settings.level()) {
            case DEBUG -> "debug";
            case INFO -> "info";
            case WARN -> "warn";
            case ERROR, PANIC, FATAL -> "error";
        };
        setIfAbsent("defaultLogLevel", level);
        setIfAbsent("logFile", target(settings.outputs().get(0)));
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("showThreadName", "false");
        setIfAbsent("showLogName", "false");
        setIfAbsent("showShortLogName", "true");
        setIfAbsent("levelInBrackets", "false");
        // Netty and grpc-java are chatty at debug; keep them at info unless asked for explicitly.
        setIfAbsent("log.io.netty", settings.level() == LogSettings.Level.DEBUG ? "info" : level);
        setIfAbsent("log.io.grpc", settings.level() == LogSettings.Level.DEBUG ? "info" : level);
        java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc");
        // grpc-java reports every malformed connection ("Transport failed") at INFO; etcd does not.
        grpc.setLevel(
                switch (settings.level()) {
                    case DEBUG -> java.util.logging.Level.INFO;
                    case INFO, WARN -> java.util.logging.Level.WARNING;
                    case ERROR, PANIC, FATAL -> java.util.logging.Level.SEVERE;
                });
        return grpc;
    }

    /** True when there are outputs beyond the first, which slf4j-simple cannot serve. */
    static boolean dropsOutputs(LogSettings settings) {
        return settings.outputs().size() > 1;
    }

    private static String target(String output) {
        return switch (output.toLowerCase(Locale.ROOT)) {
            case "default", "stderr" -> "System.err";
            case "stdout" -> "System.out";
            default -> output;
        };
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
