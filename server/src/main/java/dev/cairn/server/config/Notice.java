package dev.cairn.server.config;

/**
 * A message found while loading the configuration that the launcher logs once logging is set up
 * (loading runs before the logger exists). Immutable.
 *
 * @param warning true for a warning, false for information
 * @param text the message
 */
public record Notice(boolean warning, String text) {
    static Notice warn(String text) {
        return new Notice(true, text);
    }

    static Notice info(String text) {
        return new Notice(false, text);
    }
}
