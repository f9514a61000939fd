package dev.cairn.server.config;

import java.util.List;

/** What the command line asks for. Immutable. */
public sealed interface LoadOutcome {
    /** {@code --version}: print the version and exit 0. */
    record ShowVersion() implements LoadOutcome {}

    /** {@code -h} / {@code --help}: print the flags and exit 0. */
    record ShowHelp() implements LoadOutcome {}

    /**
     * Run a member.
     *
     * @param config the resolved configuration
     * @param notices what loading found, to log once logging is set up
     */
    record Run(ServerConfig config, List<Notice> notices) implements LoadOutcome {
        public Run {
            notices = List.copyOf(notices);
        }
    }
}
