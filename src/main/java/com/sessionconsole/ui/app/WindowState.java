package com.sessionconsole.ui.app;

import com.sessionconsole.common.AtomicFiles;
import com.sessionconsole.killsession.rules.Rule;
import com.sessionconsole.killsession.rules.RulesFile;
import com.sessionconsole.killsession.rules.RulesWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the window remembers between runs, in the data directory: the open lower tab and the rule being built
 * in the rules pane (so a half-built rule survives a restart). Read and written off the FX thread; a file that
 * cannot be read is forgotten, never an error for the operator.
 *
 * @param tab  the lower tab's id, or null
 * @param rule the rules pane's rule, or null
 */
record WindowState(String tab, Rule rule) {
    static final String FILE_NAME = "window.properties";
    private static final Logger LOG = LoggerFactory.getLogger(WindowState.class);
    private static final int MAX_BYTES = 64 * 1024;

    static WindowState load(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.size(file) > MAX_BYTES || !Files.isRegularFile(file)) {
                return new WindowState(null, null);
            }
            Properties values = new Properties();
            values.load(new StringReader(Files.readString(file)));
            String draft = values.getProperty("rule");
            Rule rule = null;
            if (draft != null && !draft.isBlank()) {
                rule = RulesFile.parseRule(file, draft);
            }
            return new WindowState(values.getProperty("tab"), rule);
        } catch (NoSuchFileException e) {
            return new WindowState(null, null);
        } catch (Exception e) {
            LOG.info("forgetting the window's remembered state in {}: {}", file, e.getMessage());
            return new WindowState(null, null);
        }
    }

    void save(Path dataDir) throws IOException {
        Properties values = new Properties();
        if (tab != null) {
            values.setProperty("tab", tab);
        }
        if (rule != null) {
            values.setProperty("rule", RulesWriter.toYaml(rule, "", ""));
        }
        StringWriter text = new StringWriter();
        values.store(text, "Session Console: the window's state (open tab, the rule being built)");
        AtomicFiles.write(dataDir.resolve(FILE_NAME), text.toString(), true);
    }
}
