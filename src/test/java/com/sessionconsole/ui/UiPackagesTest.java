package com.sessionconsole.ui;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The window's feature packages: app on top, common at the bottom, every dependency pointing down. */
class UiPackagesTest {
    private static final JavaClasses UI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.sessionconsole.ui");

    @Test
    void theFeaturePackagesFormNoCycle() {
        slices().matching("com.sessionconsole.ui.(*)..").should().beFreeOfCycles().check(UI);
    }

    @Test
    void dependenciesPointFromAppDownToCommon() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("com.sessionconsole.ui.app..")
                .layer("tree").definedBy("com.sessionconsole.ui.tree..")
                .layer("locks").definedBy("com.sessionconsole.ui.locks..")
                .layer("kill").definedBy("com.sessionconsole.ui.kill..")
                .layer("inventory").definedBy("com.sessionconsole.ui.inventory..")
                .layer("sessions").definedBy("com.sessionconsole.ui.sessions..")
                .layer("tasks").definedBy("com.sessionconsole.ui.tasks..")
                .layer("rules").definedBy("com.sessionconsole.ui.rules..")
                .layer("history").definedBy("com.sessionconsole.ui.history..")
                .layer("common").definedBy("com.sessionconsole.ui.common..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("tree").mayOnlyBeAccessedByLayers("app")
                .whereLayer("locks").mayOnlyBeAccessedByLayers("app")
                .whereLayer("kill").mayOnlyBeAccessedByLayers("app", "rules", "locks")
                .whereLayer("rules").mayOnlyBeAccessedByLayers("app")
                .whereLayer("inventory").mayOnlyBeAccessedByLayers("app")
                .whereLayer("sessions").mayOnlyBeAccessedByLayers("app", "tree", "kill", "rules", "locks")
                .whereLayer("tasks").mayOnlyBeAccessedByLayers("app", "kill")
                .whereLayer("history").mayOnlyBeAccessedByLayers("app", "tree")
                .whereLayer("common").mayOnlyBeAccessedByLayers("app", "tree", "locks", "kill", "inventory", "sessions",
                        "tasks", "rules", "history")
                .check(UI);
    }

    @Test
    void viewModelsKnowNothingOfTheSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel").should().dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..")
                .check(UI);
    }
}
