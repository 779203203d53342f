package com.sessionconsole.killsession.audit;

/** What a store records of refused requests: one in full, or how often one was repeated. */
public sealed interface RefusalRecord permits Refusal, RefusalRepeats {
}
