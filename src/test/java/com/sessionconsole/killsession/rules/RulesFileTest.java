package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesFileTest {
    @TempDir
    Path dir;

    private static final String FULL = """
            maxWatchTime: 2h
            rules:
              - name: reports
                scope:
                  instances: [tdsqlshard-orders01]
                  shards: shard-orders1a
                match:
                  user: report
                  host: ["10.0.%", 10.1.0.0/16]
                  db: [reporting, archive]
                  command: Query
                  state: Sending data
                  info: "(?i)^select .* from big_table"
                  busyTime: 30s
                  trxAge: 1m
                  rowsModified: 1000
                  blocksOthers: true
                ignore:
                  user: [root]
                  host: 10.0.0.9
                kill: query
                victims: oldest
                cap: 50
              - name: idle-apps
                match:
                  idleTime: 10m
                  waitsOnLock: false
            """;

    @Test
    void aFullFileReadsAndWritesBackTheSame() throws Exception {
        RuleBook book = RulesFile.parse(dir.resolve("rules.yaml"), FULL);

        assertThat(book.maxWatchTime()).isEqualTo(Duration.ofHours(2));
        assertThat(book.names()).containsExactly("reports", "idle-apps");
        Rule reports = book.find("reports").orElseThrow();
        assertThat(reports.scope()).isEqualTo(new RuleScope(List.of("tdsqlshard-orders01"), List.of("shard-orders1a")));
        assertThat(reports.conditions().users()).containsExactly("report");
        assertThat(reports.conditions().busyTime()).isEqualTo(30L);
        assertThat(reports.conditions().trxAge()).isEqualTo(60L);
        assertThat(reports.action()).isEqualTo(new RuleAction(KillMode.QUERY, Victims.OLDEST, 50));
        assertThat(book.find("idle-apps").orElseThrow().action()).isEqualTo(RuleAction.DEFAULT);

        Path file = dir.resolve("rules.yaml");
        RulesWriter.write(book, file);
        assertThat(RulesFile.load(file)).isEqualTo(book);
        assertThat(Files.list(dir)).containsExactly(file); // no temporary file left behind
    }

    @Test
    void problemsAreNamedWithTheirLineAndField() {
        Path file = dir.resolve("rules.yaml");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    match:\n      usr: x\n"))
                .hasMessage(file + ":4: rules[0].match.usr: unknown field (expected one of blocksOthers, busyTime,"
                        + " command, db, fingerprint, host, idleTime, info, rowsModified, state, trxAge, user,"
                        + " waitsOnLock)");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    match:\n      busyTime: soon\n"))
                .hasMessageStartingWith(file + ":4: rules[0].match.busyTime: 'soon' is not a time");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    ignore:\n      user: root\n"))
                .hasMessageStartingWith(file + ":2: rules[0].match: a rule needs at least one condition");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    match:\n      info: \"(a)\\\\1\"\n"))
                .hasMessageContaining(":4: rules[0].match.info: '(a)\\1' is not a pattern RE2 accepts");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    match: {user: x}\n    cap: 0\n"))
                .hasMessage(file + ":4: rules[0].cap: 0 (1 to 100000 sessions per round)");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    match: {user: x}\n"
                + "  - name: a\n    match: {user: y}\n"))
                .hasMessage(file + ":4: rules[1].name: a second rule named 'a' (the first is at line 2)");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - match: {user: x}\n"))
                .hasMessage(file + ":2: rules[0].name: missing (every saved rule has a name)");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    match: {host: 10.0.0.0/40}\n"))
                .hasMessageContaining(":3: rules[0].match.host: '10.0.0.0/40': the prefix length must be 0 to 32");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules:\n  - name: a\n    match: {idleTime: 5, busyTime: 5}\n"))
                .hasMessageContaining(":3: rules[0].match.idleTime: a session is either running");
        assertThatThrownBy(() -> RulesFile.parse(file, "rules: [\n")).hasMessageContaining("not valid YAML");
    }

    @Test
    void aMissingFileIsAnEmptyBookAndAFifoOrHugeFileIsRefused() throws Exception {
        assertThat(RulesFile.load(dir.resolve("none.yaml"))).isEqualTo(RuleBook.EMPTY);
        Path fifo = dir.resolve("fifo.yaml");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertThatThrownBy(() -> RulesFile.load(fifo)).hasMessageContaining("not a regular file");
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, "#".repeat(RulesFile.MAX_BYTES + 1));
        assertThatThrownBy(() -> RulesFile.load(huge)).hasMessageContaining("a rules file is at most 1024 KiB");
        assertThat(RulesFile.beside(dir.resolve("inventory.yaml"))).isEqualTo(dir.resolve("rules.yaml"));
    }

    @Test
    void hostsMatchExactlyByPrefixAndByBlockWithoutThePort() {
        assertThat(new HostPattern("10.0.0.5").matches("10.0.0.5:53122")).isTrue();
        assertThat(new HostPattern("10.0.0.5").matches("10.0.0.50:53122")).isFalse();
        assertThat(new HostPattern("10.0.%").matches("10.0.7.1:1")).isTrue();
        assertThat(new HostPattern("App-%").matches("app-7.example:3306")).isTrue();
        assertThat(new HostPattern("10.0.0.0/8").matches("10.200.3.4:9")).isTrue();
        assertThat(new HostPattern("10.0.0.0/8").matches("11.0.0.1:9")).isFalse();
        assertThat(new HostPattern("fd00::/8").matches("fd12::1:4000")).isTrue();
        assertThat(new HostPattern("127.0.0.1").matches("localhost")).isFalse();
        assertThatThrownBy(() -> new HostPattern("10.%.1")).hasMessageContaining("% may only end a host prefix");
    }
}
