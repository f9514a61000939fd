/**
 * The process of a single Cairn member: {@link dev.cairn.server.launch.Main} parses the command
 * line, sets up logging, opens the store under {@code <data-dir>/member}, serves gRPC on each
 * {@code --listen-client-urls} address, prints the start-up lines etcd's tooling waits for, and
 * shuts down cleanly on SIGTERM or SIGINT.
 *
 * <p>Owns process concerns only (signals, exit codes, listeners, logging set-up). Configuration
 * rules live in {@code dev.cairn.server.config}, the services in {@code dev.cairn.server.rpc}.
 */
@NullMarked
package dev.cairn.server.launch;

import org.jspecify.annotations.NullMarked;
