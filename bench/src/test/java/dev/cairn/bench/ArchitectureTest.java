package dev.cairn.bench;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The tool's layers: cli and report are pure; load drives gRPC; commands compose; one clock. */
@AnalyzeClasses(packages = "dev.cairn.bench", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule cliAndReportDoNoNetworking = noClasses()
            .that()
            .resideInAnyPackage("dev.cairn.bench.cli..", "dev.cairn.bench.report..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.grpc..",
                    "io.netty..",
                    "dev.cairn.proto..",
                    "dev.cairn.bench.load..",
                    "dev.cairn.bench.command..")
            .because("parsing and reporting are pure and unit-tested without a server");

    @ArchTest
    static final ArchRule loadKnowsNoCommand = noClasses()
            .that()
            .resideInAPackage("dev.cairn.bench.load..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.cairn.bench.command..", "dev.cairn.bench.cli..")
            .because("commands compose load generation, never the other way round");

    @ArchTest
    static final ArchRule theToolUsesNoServerInternals = noClasses()
            .that()
            .resideInAPackage("dev.cairn.bench..")
            .and()
            .resideOutsideOfPackage("dev.cairn.bench.jmh..")
            .should()
            .dependOnClassesThat(resideInAnyPackage("dev.cairn.server..", "dev.cairn.storage..", "dev.cairn.raft..")
                    .and(not(resideInAPackage("dev.cairn.server.config"))))
            .because("cairn-bench talks to a server over the wire only (it borrows the pure flag parsing of"
                    + " server.config), so it measures etcd and Cairn alike");

    @ArchTest
    static final ArchRule onlyTheTimePackageReadsTheClock = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cairn.bench.time..")
            .and()
            .resideOutsideOfPackage("dev.cairn.bench.jmh..")
            .should()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .because("durations come from an injected Ticker");
}
