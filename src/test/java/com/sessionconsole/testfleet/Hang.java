package com.sessionconsole.testfleet;

import com.sessionconsole.demo.EmbeddedServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** A server that stops answering while its connections stay open: its process is stopped (SIGSTOP) until closed. */
public final class Hang implements AutoCloseable {
    private final String pid;

    private Hang(String pid) {
        this.pid = pid;
    }

    public static Hang of(EmbeddedServer server) throws Exception {
        String pidFile;
        try (Connection admin = server.adminConnection(); Statement sql = admin.createStatement();
             ResultSet rs = sql.executeQuery("SELECT @@pid_file")) {
            rs.next();
            pidFile = rs.getString(1);
        }
        String pid = Files.readString(Path.of(pidFile)).strip();
        signal("STOP", pid);
        return new Hang(pid);
    }

    private static void signal(String signal, String pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        signal("CONT", pid);
    }
}
