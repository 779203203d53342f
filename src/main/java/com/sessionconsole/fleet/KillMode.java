package com.sessionconsole.fleet;

/** What a kill ends. */
public enum KillMode {
    /** KILL CONNECTION: ends the statement and the connection; its open transaction rolls back. */
    CONNECTION,
    /** KILL QUERY: ends only the running statement; the connection and its transaction stay. */
    QUERY;

    public String inWords() {
        return (this == CONNECTION ? "kill connection: " : "kill query: ") + consequence();
    }

    /** What the kill does, without the mode's name: for a sentence that names the mode its own way. */
    public String consequence() {
        return this == CONNECTION
                ? "end the statement and the connection, roll back its open transaction"
                : "end the running statement only; the connection and its transaction stay open";
    }
}
