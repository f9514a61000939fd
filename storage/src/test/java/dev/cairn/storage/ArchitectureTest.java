package dev.cairn.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;

/** The storage module's arrows: no gRPC, no wall clock. */
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
