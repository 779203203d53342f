package com.sessionconsole.mysql;

import java.sql.SQLTransientConnectionException;

/** The console's own words for why no connection to a shard could be had; the operator reads them as they are. */
final class ShardUnavailable extends SQLTransientConnectionException {
    ShardUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
