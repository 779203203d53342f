package com.sessionconsole.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How a benchmark starts the console, or a helper of its own, as a process of its own. */
final class ChildJvm {
    /** The installed launcher's JVM options (installer/build.sh): the figures are for the process a DBA runs. */
    static final List<String> LAUNCHER_OPTIONS = List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx224m",
            "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=48m", "-Xss512k");

    private ChildJvm() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This run's classpath: the project's own under exec:java (whose java.class.path is Maven's), else the JVM's. */
    static String classpath() {
        ClassLoader loader = ChildJvm.class.getClassLoader();
        if (loader instanceof URLClassLoader) {
            List<String> parts = new ArrayList<>();
            try {
                for (URL url : ((URLClassLoader) loader).getURLs()) {
                    parts.add(new File(url.toURI()).getPath());
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            return String.join(File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }

    /** {@code java [options] -cp <this classpath> mainClass args...} */
    static List<String> command(List<String> options, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(options);
        command.addAll(List.of("-cp", classpath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }
}
