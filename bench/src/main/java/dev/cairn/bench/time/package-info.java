/** The one place that reads the clock: everything else takes a {@link dev.cairn.bench.time.Ticker}. */
@NullMarked
package dev.cairn.bench.time;

import org.jspecify.annotations.NullMarked;
