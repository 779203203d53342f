package com.sessionconsole.killsession.rules;

import java.nio.file.Path;

/** A rules file that cannot be used, named with its line and field as an inventory's problems are. */
public class RulesFileException extends Exception {

    public RulesFileException(Path file, int line, String field, String problem) {
        super((file == null ? "<rules>" : file.toString()) + (line > 0 ? ":" + line : "") + ": "
                + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
    }
}
