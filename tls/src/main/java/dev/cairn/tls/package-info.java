/**
 * TLS for Cairn's listeners, mirroring etcd's client-port TLS flags.
 *
 * <p>Owns: {@link dev.cairn.tls.TlsConfig} (the {@code --cert-file}, {@code --key-file},
 * {@code --trusted-ca-file}, {@code --client-cert-auth} and {@code --auto-tls} settings), building
 * Netty {@link io.netty.handler.ssl.SslContext}s backed by BoringSSL (netty-tcnative), PEM
 * parsing, and minting self-signed or CA-signed certificates without third-party crypto
 * libraries ({@link dev.cairn.tls.CertificateAuthority}).
 *
 * <p>Must not touch: storage, the gRPC services, or the server's flag parsing. Wall time for
 * certificate validity comes from an injected {@link java.time.InstantSource}.
 */
@NullMarked
package dev.cairn.tls;

import org.jspecify.annotations.NullMarked;
