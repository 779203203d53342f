package com.sessionconsole;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering of design.md, held by a test. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.sessionconsole");

    @Test
    void theServiceAndBackendsKnowNothingOfTheFrontEnds() {
        noClasses().that().resideInAnyPackage("..killsession..", "..fleet..", "..mysql..", "..dcdb..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "..ui..", "..cli..", "..api..")
                .check(CLASSES);
    }

    @Test
    void frontEndsReachBackendsOnlyThroughTheService() {
        noClasses().that().resideInAnyPackage("..ui..", "..cli..", "..api..")
                .should().dependOnClassesThat().resideInAnyPackage("..mysql..", "..dcdb..", "java.sql..",
                        "com.mysql..", "com.zaxxer..")
                .check(CLASSES);
    }

    @Test
    void theFleetModelDependsOnNoBackend() {
        noClasses().that().resideInAPackage("..fleet..")
                .should().dependOnClassesThat().resideInAnyPackage("..killsession..", "..mysql..", "..dcdb..",
                        "..demo..")
                .check(CLASSES);
    }

    @Test
    void frontEndsDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("..cli..").should().dependOnClassesThat()
                .resideInAnyPackage("..ui..", "javafx..").check(CLASSES);
        noClasses().that().resideInAPackage("..api..").should().dependOnClassesThat()
                .resideInAnyPackage("..ui..", "..cli..", "javafx..").check(CLASSES);
    }
}
