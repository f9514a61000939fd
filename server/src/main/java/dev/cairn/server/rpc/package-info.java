/** etcd's gRPC services as thin adapters over the server's domain: validate, call, map errors, fill headers. */
@NullMarked
package dev.cairn.server.rpc;

import org.jspecify.annotations.NullMarked;
