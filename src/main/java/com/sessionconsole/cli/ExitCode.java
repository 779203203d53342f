package com.sessionconsole.cli;

/** The command line's exit codes, as the help text lists them. */
public final class ExitCode {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** A kill task ran but not every session ended (protected, denied, failed). */
    public static final int INCOMPLETE = 1;
    /** The request was refused: bad arguments, a contract error, no permission, no confirmation. */
    public static final int REFUSED = 2;
    /** A shard or the cloud API could not be reached (a listing still prints the shards that answered). */
    public static final int UNREACHABLE = 3;
    /** The inventory or the data directory cannot be used. */
    public static final int CONFIG = 4;
    /** A fault of the console itself. */
    public static final int INTERNAL = 5;

    private ExitCode() {
    }
}
