package com.sessionconsole.fleet;

import java.util.regex.Pattern;

/** The shapes of the identifiers that the DCDB contract uses, checked wherever one enters the console. */
public final class Ids {
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern SHARD_ID = Pattern.compile("shard-[A-Za-z0-9_-]{1,58}");
    private static final Pattern SHARD_SERIAL_ID = Pattern.compile("set_[A-Za-z0-9_]{1,60}");

    private Ids() {
    }

    public static boolean isInstanceId(String value) {
        return value != null && INSTANCE_ID.matcher(value).matches();
    }

    public static boolean isShardId(String value) {
        return value != null && SHARD_ID.matcher(value).matches();
    }

    public static boolean isShardSerialId(String value) {
        return value != null && SHARD_SERIAL_ID.matcher(value).matches();
    }

    public static void requireInstanceId(String value, String field) {
        if (!isInstanceId(value)) {
            throw new IllegalArgumentException(field + ": '" + value
                    + "' is not an instance id (letters, digits, '-', '_', '.'; at most 64)");
        }
    }

    public static void requireShardId(String value, String field) {
        if (!isShardId(value)) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a ShardId (shard-xxxx)");
        }
    }

    public static void requireShardSerialId(String value, String field) {
        if (!isShardSerialId(value)) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a ShardSerialId (set_xxxx)");
        }
    }
}
