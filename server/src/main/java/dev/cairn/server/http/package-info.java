/**
 * etcd's HTTP/1.1 endpoints ({@code /health}, {@code /livez}, {@code /readyz}, {@code /version},
 * {@code /metrics}) and the connection routing that serves them on the gRPC client port: a
 * grpc-java protocol negotiator that sends HTTP/2 connections to gRPC and HTTP/1.x connections to
 * a Netty HTTP codec, by sniffing the first bytes (plaintext) or by the ALPN result (TLS).
 *
 * <p>All Netty handlers here run on their channel's event loop; {@link
 * dev.cairn.server.http.HttpEndpoints} is shared by every connection and thread-safe.
 */
@NullMarked
package dev.cairn.server.http;

import org.jspecify.annotations.NullMarked;
