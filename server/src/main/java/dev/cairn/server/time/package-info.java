/**
 * The server's clocks: the only place that reads the system clock (an ArchUnit rule enforces it).
 * Everything else gets a {@link dev.cairn.server.time.Ticker} or {@link java.time.InstantSource}
 * injected, so tests drive time by hand.
 *
 * <p>Owns: access to {@code System.nanoTime}. Must not touch: anything else.
 */
@NullMarked
package dev.cairn.server.time;

import org.jspecify.annotations.NullMarked;
