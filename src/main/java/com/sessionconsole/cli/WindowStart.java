package com.sessionconsole.cli;

import java.nio.file.Path;

/**
 * How the window was asked to start, beyond the inventory and data directory.
 *
 * @param screenshot when set: write a PNG of the window once it shows what {@code show} asks for, then exit
 * @param show       the tab under the sessions table to open on; null: the one the window remembers
 */
public record WindowStart(Path screenshot, View show) {

    /** The tabs under the sessions table, as --show names them. */
    public enum View { details, locks, tasks, rules, history }
}
