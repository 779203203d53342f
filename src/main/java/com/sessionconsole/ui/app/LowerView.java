package com.sessionconsole.ui.app;

/** The tabs under the sessions table: which one shows (the launcher's --show picks the first). */
public enum LowerView { DETAILS, LOCKS, TASKS }
