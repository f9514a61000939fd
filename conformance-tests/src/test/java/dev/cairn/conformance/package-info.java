/**
 * Black-box conformance tests: Cairn ({@code bin/cairn}) and the real etcd 3.4 are started as
 * processes with etcd's flags and driven over the wire only, by the real etcdctl, by jetcd and by
 * grpc-java stubs. Owns: the process harness ({@link dev.cairn.conformance.ServerProcess}), the
 * throw-away PKI ({@link dev.cairn.conformance.TlsMaterial}) and the comparison rules
 * ({@link dev.cairn.conformance.Canonical}, {@link dev.cairn.conformance.Etcdctl.Result#normalised}).
 * Must not touch: any class of the server, storage or tls modules (an ArchUnit rule says so).
 *
 * <p>Switches: {@code -Dconformance.targets=etcd,cairn} picks the targets; {@code -Ddiff.seed=N},
 * {@code -Ddiff.seeds=N}, {@code -Ddiff.ops=N} shape the differential run; logs of every server
 * go to {@code target/server-logs}, transcripts to {@code target/transcripts}.
 */
package dev.cairn.conformance;
