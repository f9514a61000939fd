package dev.cairn.server.rpc;

import io.grpc.ServerServiceDefinition;
import java.util.List;

/** The gRPC services Cairn serves on its client port. */
public final class RpcServices {
    private RpcServices() {}

    /** Every service definition to add to the client-port server. */
    public static List<ServerServiceDefinition> bind(RpcContext context) {
        throw new UnsupportedOperationException("rpc helper replaces this");
    }
}
