package com.sessionconsole;

import com.sessionconsole.dcdb.DcdbBackends;
import com.sessionconsole.dcdb.DcdbTimeouts;
import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.backend.BackendFactory;
import com.sessionconsole.fleet.backend.ConsoleConnections;
import com.sessionconsole.fleet.backend.InstanceBackend;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.mysql.MysqlBackends;
import com.sessionconsole.mysql.MysqlTimeouts;

/**
 * The backends the console ships: JDBC for self-managed MySQL / MariaDB shards, the dcdb API for Tencent Cloud
 * instances. The launcher hands this to the front ends, which pass it to the KillSession service.
 */
public final class StandardBackends implements BackendFactory {
    private final MysqlBackends mysql;
    private final DcdbBackends dcdb;

    public StandardBackends(MysqlTimeouts mysqlTimeouts, DcdbTimeouts dcdbTimeouts) {
        this.mysql = new MysqlBackends(mysqlTimeouts);
        this.dcdb = new DcdbBackends(dcdbTimeouts);
    }

    /** With the default timeouts of each kind. */
    public static StandardBackends create() {
        return new StandardBackends(MysqlTimeouts.DEFAULT, DcdbTimeouts.DEFAULT);
    }

    @Override
    public InstanceBackend open(InstanceConfig config, ConsoleConnections consoleConnections) {
        return config.kind() == InstanceKind.MYSQL ? mysql.open(config, consoleConnections)
                : dcdb.open(config, consoleConnections);
    }

    @Override
    public void close() {
        mysql.close();
        dcdb.close();
    }
}
