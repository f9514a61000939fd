package dev.cairn.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.cairn.storage.mvcc.MvccStore;

/** The dependency rules of the server module. */
@AnalyzeClasses(packages = "dev.cairn.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule kvDoesNotKnowTheRpcLayer = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.kv..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.cairn.server.rpc..")
            .because("rpc adapts kv to gRPC, never the other way round");

    @ArchTest
    static final ArchRule kvDoesNotKnowGrpc = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.kv..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.grpc..")
            .because("the applier's domain errors are mapped to gRPC status in the rpc layer only");

    @ArchTest
    static final ArchRule watchDoesNotKnowGrpcOrTheRpcLayer = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.watch..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.grpc..", "dev.cairn.server.rpc..")
            .because("the hub reaches a stream through ResponseSink; the rpc layer adapts it to gRPC");

    @ArchTest
    static final ArchRule electionKnowsNeitherGrpcNorRpcNorWatch = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.election..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.grpc..", "dev.cairn.server.rpc..", "dev.cairn.server.watch..")
            .because("elections wait on the store's change feed and are adapted to gRPC by the rpc layer");

    @ArchTest
    static final ArchRule replicationKnowsNoDomainAndNoGrpc = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.replication..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.grpc..",
                    "dev.cairn.server.rpc..",
                    "dev.cairn.server.kv..",
                    "dev.cairn.server.lease..",
                    "dev.cairn.server.watch..",
                    "dev.cairn.server.election..")
            .because("kv and lease reach the entry applier as KvStateMachine and LeaseStateMachine;"
                    + " they depend on replication, never the other way round");

    @ArchTest
    static final ArchRule onlyReplicationWritesTheStore = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cairn.server.replication..")
            .should()
            .callMethod(MvccStore.class, "write", MvccStore.WriteBody.class)
            .orShould()
            .callMethod(MvccStore.class, "write", long.class, MvccStore.WriteBody.class)
            .orShould()
            .callMethod(MvccStore.class, "compact", long.class)
            .orShould()
            .callMethod(MvccStore.class, "compact", long.class, long.class)
            .because("every state change is a proposed entry, applied on every member by the EntryApplier");

    @ArchTest
    static final ArchRule theNodeDriverDoesNotKnowTheRpcLayer = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.node..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.cairn.server.rpc..", "dev.cairn.server.launch..")
            .because("the raft driver serves the replication, membership and peer interfaces; launch wires it");

    private static final DescribedPredicate<JavaMethodCall> READS_A_CLOCK =
            DescribedPredicate.describe("System.nanoTime, System.currentTimeMillis or Instant.now", call -> {
                String owner = call.getTargetOwner().getFullName();
                String name = call.getName();
                return (owner.equals("java.lang.System")
                                && (name.equals("nanoTime") || name.equals("currentTimeMillis")))
                        || (owner.equals("java.time.Instant") && name.equals("now"));
            });

    @ArchTest
    static final ArchRule onlyTheTimePackageReadsClocks = noClasses()
            .that()
            .resideOutsideOfPackage("..time..")
            .should()
            .callMethodWhere(READS_A_CLOCK)
            .because("time is injected (InstantSource, Ticker) so tests stay deterministic");
}
