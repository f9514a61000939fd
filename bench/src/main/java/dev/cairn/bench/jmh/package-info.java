/** JMH benchmarks of the storage and apply hot paths, run in-process without a network. */
@NullMarked
package dev.cairn.bench.jmh;

import org.jspecify.annotations.NullMarked;
