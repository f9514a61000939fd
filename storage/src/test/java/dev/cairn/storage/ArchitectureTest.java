package dev.cairn.storage;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;

/** The storage module's arrows: no gRPC, no raft, no server, no wall clock; implementations hidden. */
@AnalyzeClasses(packages = "dev.cairn.storage", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noGrpc = noClasses()
            .that()
            .resideInAPackage("dev.cairn.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.grpc..");

    @ArchTest
    static final ArchRule noRaftOrServer = noClasses()
            .that()
            .resideInAPackage("dev.cairn.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.cairn.raft..", "dev.cairn.server..", "dev.cairn.proto.raftpb..");

    @ArchTest
    static final ArchRule walKnowsNothingOfMvcc = noClasses()
            .that()
            .resideInAPackage("dev.cairn.storage.wal..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.cairn.storage.mvcc..").and(not(simpleName("StorageException"))))
            .because("the raft log is byte level; it shares only StorageException with mvcc");

    @ArchTest
    static final ArchRule walImplementationIsHidden = noClasses()
            .that()
            .resideInAPackage("dev.cairn.storage.wal..")
            .and()
            .areTopLevelClasses()
            .and()
            .haveSimpleNameNotStartingWith("RaftLogStore")
            .should()
            .bePublic();

    @ArchTest
    static final ArchRule noClocks = noClasses()
            .that()
            .resideInAPackage("dev.cairn.storage..")
            .should()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(Instant.class, "now");

    @ArchTest
    static final ArchRule implementationIsHidden = noClasses()
            .that()
            .resideInAPackage("dev.cairn.storage.mvcc..")
            .and()
            .areTopLevelClasses()
            .and()
            .haveSimpleNameNotStartingWith("Mvcc")
            .and()
            .haveSimpleNameNotEndingWith("Exception")
            .and()
            .doNotHaveSimpleName("ReadView")
            .and()
            .doNotHaveSimpleName("WriteTxn")
            .and()
            .doNotHaveSimpleName("CommitListener")
            .and()
            .doNotHaveSimpleName("LeaseRecord")
            .and()
            .haveSimpleNameNotStartingWith("Range")
            .should()
            .bePublic();
}
