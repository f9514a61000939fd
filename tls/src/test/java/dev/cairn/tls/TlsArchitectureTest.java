package dev.cairn.tls;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;

@AnalyzeClasses(packages = "dev.cairn.tls", importOptions = ImportOption.DoNotIncludeTests.class)
/** Module boundaries and the injected-time rule for {@code dev.cairn.tls}. Single-threaded, like all JUnit tests here. */
class TlsArchitectureTest {
    @ArchTest
    static final ArchRule doesNotDependOnOtherCairnModules = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.cairn.storage..", "dev.cairn.server..", "dev.cairn.raft..", "dev.cairn.conformance..");

    @ArchTest
    static final ArchRule readsNoWallClock = noClasses()
            .should()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(Clock.class, "systemUTC")
            .orShould()
            .callMethod(Clock.class, "systemDefaultZone")
            .because("time is injected as an InstantSource");

    @ArchTest
    static final ArchRule systemClockOnlyAtTheEdge = noClasses()
            .that()
            .doNotHaveSimpleName("ServerTls")
            .and()
            .doNotHaveSimpleName("CertificateAuthority")
            .should()
            .callMethod(InstantSource.class, "system")
            .because("only the public convenience overloads default to the system clock");

    @ArchTest
    static final ArchRule publicApiIsSmall = classes()
            .that()
            .arePublic()
            .should()
            .haveSimpleName("TlsConfig")
            .orShould()
            .haveSimpleName("TlsException")
            .orShould()
            .haveSimpleName("ServerTls")
            .orShould()
            .haveSimpleName("CertificateAuthority")
            .orShould()
            .haveSimpleName("IssuedCert");
}
