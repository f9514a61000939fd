package dev.cairn.server.launch;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a stop request, so the process exits 0 after a clean shutdown.
 *
 * <p>The JVM's default handling of SIGTERM runs shutdown hooks and then exits with status 143; a
 * {@code sun.misc.Signal} handler instead lets {@link Main} close the member and return normally.
 * Installed by {@link Main} before the member starts, so a signal that arrives during start-up is
 * not lost. Handlers run on a JVM signal thread and only count down a latch; thread-safe.
 */
final class ShutdownSignals {
    private final CountDownLatch requested = new CountDownLatch(1);

    private ShutdownSignals() {}

    /** Installs handlers for TERM and INT. */
    static ShutdownSignals install(Logger log) {
        ShutdownSignals signals = new ShutdownSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    log.info("received {} signal, shutting down...", sig.getName());
                    signals.requested.countDown();
                });
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{} ({}); relying on the shutdown hook", name, e.getMessage());
            }
        }
        return signals;
    }

    /** Blocks until a stop is requested. */
    void await() throws InterruptedException {
        requested.await();
    }
}
