/**
 * Recording and reporting latencies: a recorder of per-request nanoseconds, exact statistics
 * computed from the sorted samples, the summary text in the layout of etcd's {@code pkg/report},
 * the JSON result, and the terminal progress bar. No network code here.
 */
@NullMarked
package dev.cairn.bench.report;

import org.jspecify.annotations.NullMarked;
