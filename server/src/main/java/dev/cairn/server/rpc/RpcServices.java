package dev.cairn.server.rpc;

import dev.cairn.server.election.Elections;
import dev.cairn.server.election.KeyQueues;
import dev.cairn.server.election.Locks;
import dev.cairn.server.kv.KvApplier;
import dev.cairn.server.kv.KvLimits;
import dev.cairn.server.lease.Granted;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The gRPC services Cairn serves on its client port: KV, Lease, Watch, Maintenance (Status only),
 * Election, Lock, grpc.health.v1.Health and, on a raft member, Cluster. Auth is not registered
 * yet, so the server answers its methods with UNIMPLEMENTED. Stateless; thread-safe.
 */
public final class RpcServices {
    private RpcServices() {}

    /** Every service definition to add to the client-port server. */
    public static List<ServerServiceDefinition> bind(RpcContext context) {
        KvApplier applier = new KvApplier(
                context.store(),
                new KvLimits(context.maxTxnOps(), context.maxRequestBytes()),
                context.proposer(),
                context.readBarrier());
        RpcContext.Raft raft = context.raft();
        Headers headers = raft == null
                ? new Headers(context.clusterId(), context.memberId())
                : new Headers(context.clusterId(), context.memberId(), raft.term());
        KeyQueues queues = new KeyQueues(
                applier, context.store(), ttl -> context.lessor().grant(0, ttl).thenApply(Granted::id));
        MaintenanceService maintenance = raft == null
                ? new MaintenanceService(context.store(), applier, headers, context.memberId(), context.appliedIndex())
                : new MaintenanceService(
                        context.store(), applier, headers, raft.status(), raft.cluster(), raft.requestTimeout());
        List<ServerServiceDefinition> services = new ArrayList<>(List.of(
                new KvService(applier, headers).bindService(),
                maintenance.bindService(),
                new HealthService().bindService(),
                new LeaseService(context.lessor(), context.store(), headers).bindService(),
                new WatchService(context.watchHub(), headers).bindService(),
                new ElectionService(new Elections(queues), headers).bindService(),
                new LockService(new Locks(queues), headers).bindService()));
        if (raft != null) {
            services.add(new ClusterService(raft.cluster(), headers).bindService());
        }
        return List.copyOf(services);
    }
}
