package com.sessionconsole.ui.tasks;

import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ProblemLine;
import com.sessionconsole.ui.common.Problems;

/**
 * Reads the task history off the FX thread: after every applied refresh (tasks started from the command line or
 * the API, and running tasks that finish) and at once after a kill from the window.
 */
public final class TaskHistoryLoader {
    private final KillSessionService service;
    private final Background background;
    private final TaskHistoryViewModel history;
    private final ProblemLine problems;
    private boolean loading; // FX thread only
    private boolean again;   // FX thread only

    public TaskHistoryLoader(KillSessionService service, Background background, TaskHistoryViewModel history,
                             ProblemLine problems) {
        this.service = service;
        this.background = background;
        this.history = history;
        this.problems = problems;
    }

    /**
     * Reads the history (the service reads only what the audit log gained since its last read). Called on the FX
     * thread; while a read is out, further calls ask for one more read after it, so the newest tasks always show
     * and reads never pile up.
     */
    public void reload() {
        if (loading) {
            again = true;
            return;
        }
        loading = true;
        again = false;
        background.run(service::tasks, tasks -> {
            history.apply(tasks);
            loaded();
        }, error -> {
            problems.killProblem("Task history: " + Problems.describe(error));
            loaded();
        });
    }

    private void loaded() {
        loading = false;
        if (again) {
            reload();
        }
    }
}
