package com.sessionconsole;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of docs/architecture.md, held by a test: every package of the console, with the packages and
 * libraries it may use. A dependency that the table does not allow fails the build, with the class that has it.
 */
class ArchitectureTest {
    private static final String ROOT = "com.sessionconsole";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /**
     * Each package (a name ending in ".." covers its sub-packages) and what it may depend on beyond itself and
     * the basic JDK packages ({@link #JDK}). The composition
     * root may use everything.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("common", Set.of()),
            Map.entry("fleet", Set.of("common")),
            Map.entry("fleet.inventory", Set.of("fleet", "common", "org.yaml.snakeyaml..")),
            Map.entry("fleet.backend", Set.of("fleet", "fleet.inventory")),
            Map.entry("killsession", Set.of("killsession.audit", "fleet..", "common", "org.slf4j",
                    "com.fasterxml.jackson..")),
            Map.entry("killsession.rules", Set.of("killsession", "fleet..", "common", "org.slf4j",
                    "com.google.re2j", "org.yaml.snakeyaml..")),
            Map.entry("killsession.audit", Set.of("fleet", "fleet.backend", "fleet.inventory", "common", "org.slf4j",
                    "com.fasterxml.jackson..")),
            Map.entry("mysql", Set.of("fleet..", "common", "java.sql", "javax.sql", "javax.net.ssl..", "com.mysql..",
                    "org.slf4j")),
            Map.entry("dcdb", Set.of("fleet..", "common", "com.tencentcloudapi..", "com.fasterxml.jackson..",
                    "org.slf4j")),
            Map.entry("auditdb", Set.of("killsession.audit", "fleet", "fleet.backend", "fleet.inventory", "common",
                    "java.sql", "com.mysql..", "com.fasterxml.jackson..", "org.slf4j")),
            Map.entry("demo", Set.of("fleet..", "common", "java.sql", "com.mysql..", "ch.vorburger..", "org.slf4j")),
            Map.entry("api", Set.of("killsession", "killsession.audit", "fleet", "fleet.inventory", "common", "org.slf4j",
                    "com.fasterxml.jackson..", "org.eclipse.jetty..", "io.prometheus..", "org.yaml.snakeyaml..", "javax.crypto..",
                    "javax.net.ssl..", "javax.security.auth.x500", "com.sun.management")),
            Map.entry("cli", Set.of("killsession", "killsession.audit", "killsession.rules", "fleet", "fleet.inventory", "fleet.backend",
                    "api", "common", "picocli..", "com.fasterxml.jackson..")),
            Map.entry("ui..", Set.of("killsession", "killsession.audit", "killsession.rules", "fleet", "fleet.inventory", "fleet.backend", "demo", "common",
                    "javafx..", "org.controlsfx..", "javax.imageio..", "org.slf4j")));
    private static final List<String> JDK = List.of("java.lang", "java.util", "java.time", "java.io", "java.nio",
            "java.net", "java.security", "java.math", "java.text");

    @Test
    void everyPackageUsesOnlyWhatTheTableAllows() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            String from = relative(type.getPackageName());
            if (from.isEmpty()) {
                continue; // the composition root
            }
            Set<String> allowed = allowedFor(from);
            assertThat(allowed).as("package %s is not in the table", from).isNotNull();
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                String to = target.getPackageName();
                if (to.isEmpty() || target.isPrimitive() || target.isArray() && to.isEmpty()) {
                    continue;
                }
                if (!permitted(from, to, allowed)) {
                    violations.add(type.getName() + " -> " + target.getName());
                }
            }
        }
        assertThat(violations).as("dependencies the table does not allow").isEmpty();
    }

    @Test
    void thereAreNoCyclesBetweenPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theTableCoversEveryPackage() {
        List<String> missing = new ArrayList<>();
        for (JavaClass type : CLASSES) {
            String from = relative(type.getPackageName());
            if (!from.isEmpty() && allowedFor(from) == null) {
                missing.add(from);
            }
        }
        assertThat(missing).isEmpty();
    }

    private static boolean permitted(String from, String to, Set<String> allowed) {
        if (JDK.stream().anyMatch(jdk -> to.equals(jdk) || to.startsWith(jdk + "."))) {
            return true;
        }
        if (!to.startsWith(ROOT)) {
            return allowed.stream().anyMatch(rule -> covers(rule, to));
        }
        String target = relative(to);
        if (target.isEmpty()) {
            return false; // nothing may depend on the composition root
        }
        return covers(key(from), target) || allowed.stream().anyMatch(rule -> covers(rule, target));
    }

    /** The table's entry for a package: its own, or the nearest one ending in "..". */
    private static Set<String> allowedFor(String pkg) {
        String key = key(pkg);
        return key == null ? null : ALLOWED.get(key);
    }

    private static String key(String pkg) {
        if (ALLOWED.containsKey(pkg)) {
            return pkg;
        }
        for (String candidate = pkg; candidate.contains("."); candidate = candidate.substring(0,
                candidate.lastIndexOf('.'))) {
            String parent = candidate.substring(0, candidate.lastIndexOf('.'));
            if (ALLOWED.containsKey(parent + "..")) {
                return parent + "..";
            }
        }
        return ALLOWED.containsKey(pkg + "..") ? pkg + ".." : null;
    }

    private static boolean covers(String rule, String pkg) {
        return rule.endsWith("..") ? pkg.equals(rule.substring(0, rule.length() - 2))
                || pkg.startsWith(rule.substring(0, rule.length() - 1)) : pkg.equals(rule);
    }

    private static String relative(String pkg) {
        return pkg.equals(ROOT) ? "" : pkg.startsWith(ROOT + ".") ? pkg.substring(ROOT.length() + 1) : pkg;
    }
}
