package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.backend.ConsoleConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console connections of every process sharing a data directory: each process appends {@code + server id}
 * and {@code - server id} lines to a file of its own under {@value #DIR}/, named by its pid and start time, and
 * reads the others' files when asked what they hold. A file of a process that is gone is ignored, and removed
 * when a console opens the directory.
 */
final class FileConsoleConnections implements ConsoleConnections {
    static final String DIR = "connections";
    private static final Logger LOG = LoggerFactory.getLogger(FileConsoleConnections.class);
    /** A file is rewritten with only the live lines once it holds this many times more lines than live ones. */
    private static final int COMPACT_FACTOR = 4;

    private final Path dir;
    private final Path mine;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private FileChannel out; // guarded by this
    private long lines;      // guarded by this
    private boolean broken;  // guarded by this: a write failed; logged once
    /** Other processes' files as last read: path to (size, modified) and their lines. */
    private final Map<Path, Read> others = new HashMap<>(); // guarded by others
    private volatile Set<String> othersHeld = Set.of();

    private record Read(long size, long modified, Set<String> held) {
    }

    private FileConsoleConnections(Path dir, Path mine) {
        this.dir = dir;
        this.mine = mine;
    }

    static FileConsoleConnections open(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(DIR);
        Files.createDirectories(dir);
        ProcessIdentity me = ProcessIdentity.current();
        FileConsoleConnections connections = new FileConsoleConnections(dir, dir.resolve(me.fileName() + ".ids"));
        connections.removeDeadFiles();
        return connections;
    }

    @Override
    public void opened(String server, long threadId) {
        String key = key(server, threadId);
        held.add(key);
        append("+ " + key + "\n");
    }

    @Override
    public void closed(String server, long threadId) {
        String key = key(server, threadId);
        if (held.remove(key)) {
            append("- " + key + "\n");
        }
    }

    @Override
    public View current() {
        Set<String> theirs = refresh();
        return (server, threadId) -> {
            String key = key(server, threadId);
            return held.contains(key) || theirs.contains(key);
        };
    }

    private static String key(String server, long threadId) {
        return server + " " + threadId;
    }

    private synchronized void append(String line) {
        try {
            if (out == null) {
                out = FileChannel.open(mine, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            write(out, line);
            lines++;
            if (lines > COMPACT_FACTOR * Math.max(64, held.size())) {
                compact();
            }
        } catch (IOException e) {
            if (!broken) {
                broken = true;
                LOG.warn("cannot record this console's connections in {} ({}): another console sharing the data"
                        + " directory will not know them", dir, e.getMessage());
            }
        }
    }

    /** Rewrites this process's file with the connections it holds now (a temporary file, then a rename). */
    private void compact() throws IOException {
        Path temp = dir.resolve(mine.getFileName() + ".tmp");
        StringBuilder live = new StringBuilder();
        for (String key : held) {
            live.append("+ ").append(key).append('\n');
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(channel, live.toString());
        }
        out.close();
        out = null;
        Files.move(temp, mine, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lines = held.size();
    }

    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** The others' connections, reading again only the files that changed since the last look. */
    private Set<String> refresh() {
        synchronized (others) {
            Set<Path> seen = new HashSet<>();
            boolean changed = false;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.ids")) {
                for (Path file : files) {
                    if (file.equals(mine)) {
                        continue;
                    }
                    seen.add(file);
                    BasicFileAttributes stat = Files.readAttributes(file, BasicFileAttributes.class);
                    Read before = others.get(file);
                    if (before != null && before.size() == stat.size()
                            && before.modified() == stat.lastModifiedTime().toMillis()) {
                        continue;
                    }
                    if (!stat.isRegularFile() || !alive(file)) {
                        others.put(file, new Read(stat.size(), stat.lastModifiedTime().toMillis(), Set.of()));
                    } else {
                        others.put(file, new Read(stat.size(), stat.lastModifiedTime().toMillis(), read(file)));
                    }
                    changed = true;
                }
            } catch (IOException e) {
                LOG.debug("reading {}: {}", dir, e.getMessage());
            }
            changed |= others.keySet().retainAll(seen);
            if (changed) {
                Set<String> all = new HashSet<>();
                others.values().forEach(read -> all.addAll(read.held()));
                othersHeld = Set.copyOf(all);
            }
            return othersHeld;
        }
    }

    private static Set<String> read(Path file) {
        Set<String> live = new HashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("+ ")) {
                    live.add(line.substring(2));
                } else if (line.startsWith("- ")) {
                    live.remove(line.substring(2));
                }
            }
        } catch (IOException e) {
            LOG.debug("reading {}: {}", file, e.getMessage());
        }
        return live;
    }

    private static boolean alive(Path file) {
        String name = file.getFileName().toString();
        ProcessIdentity owner = ProcessIdentity.ofFileName(name.substring(0, name.length() - ".ids".length()));
        return owner != null && owner.alive();
    }

    private void removeDeadFiles() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.ids")) {
            for (Path file : files) {
                if (!file.equals(mine) && !alive(file)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.debug("cleaning {}: {}", dir, e.getMessage());
        }
    }

    synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
            Files.deleteIfExists(mine);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", mine, e.getMessage());
        }
    }
}
