package dev.cairn.conformance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The conformance tests see Cairn only over the wire: no server or storage classes. */
class WireOnlyArchitectureTest {
    @Test
    void conformanceTestsDoNotReachIntoTheServer() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.cairn.conformance");
        noClasses()
                .that()
                .resideInAPackage("dev.cairn.conformance..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.cairn.server..", "dev.cairn.storage..", "dev.cairn.tls..")
                .because("conformance tests are black-box: they talk to bin/cairn over gRPC only")
                .check(classes);
    }
}
