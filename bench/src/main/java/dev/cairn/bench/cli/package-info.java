/**
 * Command-line parsing in the style of Go's pflag, so that {@code bin/cairn-bench} accepts etcd's
 * {@code benchmark} command lines verbatim: {@code --flag=value}, {@code --flag value}, booleans as
 * {@code --flag} or {@code --flag=true}, comma-separated string slices, Go durations (parsed by the server's {@code GoDuration}). Pure.
 */
@NullMarked
package dev.cairn.bench.cli;

import org.jspecify.annotations.NullMarked;
