package com.sessionconsole.cli;

import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.InventoryException;
import com.sessionconsole.fleet.inventory.InventoryLoader;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.killsession.ServiceOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code session-console}: the window when no command is given, else one of the headless commands. The
 * commands only parse, call the shared KillSession service and print; they hold no logic of their own.
 */
@Command(name = "session-console", mixinStandardHelpOptions = true, versionProvider = SessionConsoleCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"List and kill sessions across the shards of MySQL / MariaDB and Tencent Cloud DCDB fleets.",
                "Without a command it opens the window (the embedded demo fleet when no inventory exists)."},
        subcommands = {ListCommand.class, KillCommand.class, WatchCommand.class, TasksCommand.class,
                ServeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a kill task did not end every session",
                "2:refused: bad arguments, a contract error, no permission, no confirmation",
                "3:a shard or the cloud API could not be reached (list still prints the rest)", "4:the inventory or data directory cannot be used",
                "5:internal error"},
        footer = {"", "Files: inventory ${sys:sc.defaultInventory}; tasks and audit log ${sys:sc.defaultDataDir}/audit.jsonl"})
public final class SessionConsoleCli implements Callable<Integer> {

    /** What the launcher does when no command is given: open the window. */
    public interface WindowOpener {
        int open(Path inventory, boolean inventoryGiven, Path dataDir, WindowStart start);
    }

    @Option(names = "--inventory", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The inventory of instances and shards (default: the platform's config dir).")
    Path inventory;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where kill tasks and the audit log are kept (default: the platform's data dir).")
    Path dataDir;

    @Option(names = "--screenshot", paramLabel = "FILE",
            description = "Window only: write a PNG of the window once the first refresh has painted (with --show"
                    + " locks, once the lock chains are read), then exit.")
    Path screenshot;

    @Option(names = "--show", paramLabel = "VIEW", description = "Window only: the tab under the sessions table to"
            + " open on: ${COMPLETION-CANDIDATES} (default: the tab open when the window last closed). With --screenshot"
            + " history: a minute of refreshes every second, then the charts of the busiest instance.")
    WindowStart.View show;

    private final Launch launch;
    private final WindowOpener window;

    SessionConsoleCli(Launch launch, WindowOpener window) {
        this.launch = launch;
        this.window = window;
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String[] args, Launch launch, WindowOpener window, PrintWriter out, PrintWriter err) {
        System.setProperty("sc.defaultInventory", launch.defaultInventory().toString());
        System.setProperty("sc.defaultDataDir", launch.defaultDataDir().toString());
        System.setProperty("sc.version", launch.version());
        CommandLine commandLine = new CommandLine(new SessionConsoleCli(launch, window));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> ExitCode.INTERNAL);
        commandLine.setParameterExceptionHandler((e, args1) -> {
            err.println("error: " + e.getMessage());
            err.println("Run 'session-console " + (e.getCommandLine().getParent() == null ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help' for usage.");
            err.flush();
            return ExitCode.REFUSED;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("error: InternalError: " + e);
            err.flush();
            return ExitCode.INTERNAL;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() {
        return window.open(inventoryFile(), inventory != null, dataDirectory(), new WindowStart(screenshot, show));
    }

    Path inventoryFile() {
        return inventory != null ? inventory : launch.defaultInventory();
    }

    Path dataDirectory() {
        return dataDir != null ? dataDir : launch.defaultDataDir();
    }

    /**
     * Loads the inventory and opens the service for a headless command; prints the problem and returns null
     * when either cannot be used.
     */
    KillSessionService openService(PrintWriter err) {
        return openService(err, true);
    }

    /** As {@link #openService(PrintWriter)}; without {@code inventoryRequired} a missing default file is empty. */
    KillSessionService openService(PrintWriter err, boolean inventoryRequired) {
        return openService(err, inventoryRequired, ServiceOptions.DEFAULT);
    }

    /** As {@link #openService(PrintWriter, boolean)}, with these service options. */
    KillSessionService openService(PrintWriter err, boolean inventoryRequired, ServiceOptions options) {
        Path file = inventoryFile();
        if (inventory == null && !Files.exists(file) && !inventoryRequired) {
            return open(Inventory.empty(file), options, err);
        }
        if (inventory == null && !Files.exists(file)) {
            err.println("error: no inventory at " + file + ". Create one (see inventory.example.yaml in the"
                    + " README) or pass --inventory FILE.");
            return null;
        }
        Inventory loaded;
        try {
            loaded = InventoryLoader.load(file);
        } catch (InventoryException e) {
            err.println("error: " + e.getMessage());
            return null;
        }
        loaded.warnings().forEach(warning -> err.println("warning: " + warning));
        return open(loaded, options, err);
    }

    private KillSessionService open(Inventory loaded, ServiceOptions options, PrintWriter err) {
        try {
            return KillSessionService.open(loaded, dataDirectory(), options, launch.backends().get(), launch.audits());
        } catch (IOException e) {
            err.println("error: data directory " + dataDirectory() + " cannot be used: " + e.getMessage());
            return null;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"session-console " + System.getProperty("sc.version", "unknown"),
                    "KillSession contract: dcdb 2018-04-11", "Java " + System.getProperty("java.version")};
        }
    }
}
