package com.sessionconsole.testfleet;

import com.sessionconsole.AppPaths;
import com.sessionconsole.AppVersion;
import com.sessionconsole.StandardAuditStores;
import com.sessionconsole.StandardBackends;
import com.sessionconsole.cli.Launch;

/** The command line as the launcher starts it, for tests that run it in-process. */
public final class TestLaunch {
    private TestLaunch() {
    }

    public static Launch standard() {
        return new Launch(AppPaths.defaultInventory(), AppPaths.defaultDataDir(), AppVersion.get(), StandardBackends::create,
                new StandardAuditStores());
    }
}
