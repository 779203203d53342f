package com.sessionconsole.ui.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one inline error line: a kill's and a refresh's trouble side by side, each cleared by its own. No toolkit. */
class ProblemLineTest {

    @Test
    void aCleanRefreshClearsOnlyItsOwnPart() {
        ProblemLine line = new ProblemLine();
        line.refreshProblem("shard-b1 (tdsqlshard-b): connect timed out");
        line.killProblem("Kill: shard-a1 session 7: denied");
        assertThat(line.textProperty().get())
                .isEqualTo("Kill: shard-a1 session 7: denied   |   shard-b1 (tdsqlshard-b): connect timed out");

        line.refreshProblem("");
        assertThat(line.textProperty().get()).isEqualTo("Kill: shard-a1 session 7: denied");

        line.refreshProblem("Refresh failed: timeout");
        line.dismiss();
        assertThat(line.textProperty().get()).isEmpty();
    }
}
