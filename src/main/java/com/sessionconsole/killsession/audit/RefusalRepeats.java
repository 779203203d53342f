package com.sessionconsole.killsession.audit;

import java.time.Instant;

/**
 * How often one caller was refused again for the same reason within an interval, after the refusal recorded in
 * full: a flood costs the store one record per interval, not one per request.
 */
public record RefusalRepeats(String actor, String code, long count, Instant from, Instant to) implements RefusalRecord {
}
