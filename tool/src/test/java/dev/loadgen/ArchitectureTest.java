package dev.loadgen;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.loadgen.engine.LoadControl;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2: data flows one way, config -> engine -> user -> behavior -> protocol -> metrics/tracing ->
 * report/dashboard; the dashboard reaches the engine only through its control interface. Metrics and tracing
 * are siblings: neither knows the other (the command line wires span counts into metrics). Chaos decides
 * faults from config alone; behaviours carry them out (and the protocol on the wire). Time (the clock) is
 * below everything: every layer that measures or waits takes it.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.loadgen");

    @Test
    void packages_depend_only_downstream() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("dev.loadgen.cli..")
                .layer("config").definedBy("dev.loadgen.config..")
                .layer("engine").definedBy("dev.loadgen.engine..")
                .layer("user").definedBy("dev.loadgen.user..")
                .layer("behavior").definedBy("dev.loadgen.behavior..")
                .layer("protocol").definedBy("dev.loadgen.protocol..")
                .layer("metrics").definedBy("dev.loadgen.metrics..")
                .layer("tracing").definedBy("dev.loadgen.tracing..")
                .layer("chaos").definedBy("dev.loadgen.chaos..")
                .layer("report").definedBy("dev.loadgen.report..")
                .layer("dashboard").definedBy("dev.loadgen.dashboard..")
                .layer("demo").definedBy("dev.loadgen.demo..")
                .layer("time").definedBy("dev.loadgen.time..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("dashboard").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli", "dashboard")
                .whereLayer("user").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("behavior").mayOnlyBeAccessedByLayers("cli", "user")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("cli", "behavior")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("cli", "user", "report", "dashboard")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("cli", "user", "behavior", "protocol", "report", "dashboard")
                .whereLayer("tracing").mayOnlyBeAccessedByLayers("cli", "user", "behavior", "protocol")
                .whereLayer("demo").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("chaos").mayOnlyBeAccessedByLayers("cli", "behavior")
                .check(CLASSES);
    }

    @Test
    void time_is_the_bottom_that_everyone_may_use() {
        noClasses().that().resideInAPackage("dev.loadgen.time..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.loadgen.cli..", "dev.loadgen.config..", "dev.loadgen.engine..",
                        "dev.loadgen.user..", "dev.loadgen.behavior..", "dev.loadgen.protocol..", "dev.loadgen.metrics..",
                        "dev.loadgen.tracing..", "dev.loadgen.chaos..", "dev.loadgen.report..", "dev.loadgen.dashboard..")
                .check(CLASSES);
    }

    @Test
    void chaos_decides_from_config_alone() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("dev.loadgen.chaos..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.loadgen.cli..", "dev.loadgen.engine..", "dev.loadgen.user..",
                        "dev.loadgen.behavior..", "dev.loadgen.protocol..", "dev.loadgen.metrics..", "dev.loadgen.tracing..",
                        "dev.loadgen.report..")
                .check(CLASSES);
    }

    @Test
    void the_dashboard_reaches_the_engine_only_through_its_control_interface() {
        noClasses().that().resideInAPackage("dev.loadgen.dashboard..")
                .should().dependOnClassesThat(resideInAPackage("dev.loadgen.engine..").and(not(belongToAnyOf(LoadControl.class))))
                .because("DESIGN.md §2: the control API talks to the engine through one narrow interface")
                .check(CLASSES);
    }

    @Test
    void tracing_uses_only_config_and_never_the_global_opentelemetry() {
        noClasses().that().resideInAPackage("dev.loadgen.tracing..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.loadgen.cli..", "dev.loadgen.engine..", "dev.loadgen.user..",
                        "dev.loadgen.behavior..", "dev.loadgen.protocol..", "dev.loadgen.metrics..", "dev.loadgen.report..",
                        "dev.loadgen.dashboard..")
                .check(CLASSES);
        // the embedded demo runs its own SDK per service in this process: a global would mix them up
        noClasses().that().resideInAPackage("dev.loadgen..")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.opentelemetry.api.GlobalOpenTelemetry")
                .check(CLASSES);
    }
}
