package com.sessionconsole.ui.rules;

import com.sessionconsole.killsession.rules.GroupBy;
import com.sessionconsole.killsession.rules.Groups;
import com.sessionconsole.killsession.rules.RulesFile;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.sessions.SessionRow;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static com.sessionconsole.ui.ViewModelFixtures.A1;
import static com.sessionconsole.ui.ViewModelFixtures.A2;
import static com.sessionconsole.ui.ViewModelFixtures.B1;
import static com.sessionconsole.ui.ViewModelFixtures.own;
import static com.sessionconsole.ui.ViewModelFixtures.session;
import static com.sessionconsole.ui.ViewModelFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules pane's and the groups' state, without the toolkit: work and callbacks run at once. */
class RulesPaneViewModelTest {
    @TempDir
    Path dir;
    private final SessionsViewModel sessions = new SessionsViewModel();
    private final Background now = new Background(Runnable::run, Runnable::run);
    private RulesPaneViewModel pane;
    private GroupsViewModel groups;

    @BeforeEach
    void rows() {
        pane = new RulesPaneViewModel(sessions, now, dir.resolve("rules.yaml"));
        groups = new GroupsViewModel(sessions, pane, now);
        sessions.apply(SessionRow.of(snapshot(List.of(session(A1, 11, "report", "Query", "SELECT 1"),
                session(A1, 12, "app", "Sleep", null), own(A1, 13)), List.of(session(A2, 21, "report", "Query",
                "SELECT 2")), List.of(session(B1, 31, "report", "Sleep", null)), null)));
    }

    @Test
    void whatIsTypedBecomesARuleOrAProblemThatNamesTheField() {
        RuleFormViewModel form = pane.form();
        assertThat(pane.summary().get()).isEqualTo(RuleFormViewModel.EMPTY);
        form.ignoreUsers.set("root");
        assertThat(pane.summary().get()).startsWith("a rule needs at least one condition beyond its scope")
                .endsWith("exclusions alone would take every other session");
        form.ignoreUsers.set("");
        form.users.set("report");
        assertThat(pane.killText().get()).isEqualTo("Kill 3 matches");
        assertThat(pane.summary().get()).isEqualTo("3 to kill on 3 of the 3 shards in the last refresh:  shard-a1 1"
                + "  ·  shard-a2 1  ·  shard-b1 1");
        assertThat(sessions.ruleMatchesProperty().get()).hasSize(3);
        form.commands.set("Query");
        assertThat(pane.killText().get()).isEqualTo("Kill 2 matches");
        form.busyTime.set("12x");
        assertThat(pane.canKill().get()).isFalse();
        assertThat(pane.summary().get()).isEqualTo("Busy time: '12x' is not a time (write 30, 30s, 5m, 2h or 1d)");
        assertThat(sessions.ruleMatchesProperty().get()).isEmpty();
        form.busyTime.set("20");
        assertThat(pane.killText().get()).isEqualTo("Kill 1 match"); // session 21 has run 21 s, session 11 only 11
        form.busyTime.set("");
        form.users.set("console");
        assertThat(pane.summary().get()).startsWith("0 to kill on 0 of the 3 shards in the last refresh, 1 skipped");
    }

    @Test
    void aGroupFillsTheFormAndASavedRuleComesBack() throws Exception {
        groups.groupByProperty().set(GroupBy.USER);
        Groups.Group report = groups.groups().stream().filter(g -> g.key().equals("report")).findFirst().orElseThrow();
        assertThat(report.count()).isEqualTo(3);
        assertThat(report.shards()).isEqualTo(3);
        groups.makeRule(report);
        assertThat(pane.form().users.get()).isEqualTo("report");
        assertThat(pane.killText().get()).isEqualTo("Kill 3 matches");

        pane.save();
        assertThat(pane.summary().get()).endsWith("Give the rule a name to save it");
        pane.form().name.set("reports");
        pane.save();
        assertThat(pane.savedNames()).containsExactly("reports");
        assertThat(RulesFile.load(dir.resolve("rules.yaml")).find("reports").orElseThrow().conditions().users())
                .containsExactly("report");

        pane.form().clear();
        assertThat(pane.form().users.get()).isEmpty();
        RulesPaneViewModel reopened = new RulesPaneViewModel(sessions, now, dir.resolve("rules.yaml"));
        reopened.loadSaved();
        reopened.pick("reports");
        assertThat(reopened.form().users.get()).isEqualTo("report");
        reopened.delete();
        assertThat(RulesFile.load(dir.resolve("rules.yaml")).names()).isEmpty();
    }
}
