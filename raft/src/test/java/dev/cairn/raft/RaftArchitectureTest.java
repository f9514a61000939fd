package dev.cairn.raft;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.google.protobuf.ByteString;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;

/** The raft module's arrows: java.*, protobuf's ByteString and annotations only; no clocks. */
@AnalyzeClasses(packages = "dev.cairn.raft", importOptions = ImportOption.DoNotIncludeTests.class)
class RaftArchitectureTest {

    @ArchTest
    static final ArchRule onlyJavaByteStringAndAnnotations = classes()
            .that()
            .resideInAPackage("dev.cairn.raft..")
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage(
                            "dev.cairn.raft..",
                            "java..",
                            "org.jspecify.annotations..",
                            "com.google.errorprone.annotations..")
                    .or(equivalentTo(ByteString.class)));

    @ArchTest
    static final ArchRule noClocksThreadsOrIo = noClasses()
            .that()
            .resideInAPackage("dev.cairn.raft..")
            .should()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("java.util.concurrent..", "java.nio..", "java.net..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Thread.class);
}
