package dev.cairn.server.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The configuration package is pure: parsing and validation only. */
@AnalyzeClasses(packages = "dev.cairn.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ConfigArchitectureTest {

    @ArchTest
    static final ArchRule configKnowsNoOtherServerPackage = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.cairn.server.launch..", "dev.cairn.server.rpc..", "dev.cairn.server.kv..")
            .because("the launcher composes config with the rest, never the other way round");

    @ArchTest
    static final ArchRule configNeitherLogsNorServes = noClasses()
            .that()
            .resideInAPackage("dev.cairn.server.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.slf4j..", "io.grpc..", "io.netty..", "dev.cairn.storage..", "dev.cairn.tls..")
            .because("loading runs before logging is configured; problems are returned as Notices or ConfigExceptions");

    @ArchTest
    static final ArchRule onlyTheLauncherUsesTheLauncher = noClasses()
            .that()
            .resideOutsideOfPackage("dev.cairn.server.launch..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.cairn.server.launch..")
            .because("launch is the composition root");
}
