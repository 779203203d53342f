package com.sessionconsole.killsession.audit;

import com.sessionconsole.fleet.KillMode;

import java.time.Instant;
import java.util.List;

/**
 * A request refused before it became a task (bad input, no permission, unknown instance), as the audit records
 * it: the fields as the caller gave them, cut to their contract lengths, and the contract's error code and
 * message. A caller's text is never stored beyond those bounds, however much it sends.
 *
 * @param sessionIds      the first {@value #MAX_IDS} ids as given; an id the caller left empty is -1
 * @param sessionIdsGiven how many ids the caller gave
 */
public record Refusal(Instant at, String actor, String instanceId, String shardId, String shardSerialId,
                      KillMode mode, List<Long> sessionIds, int sessionIdsGiven, String code, String message)
        implements RefusalRecord {
    /** The contract's ids are at most 64 characters; the rest of a longer one is not kept. */
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_IDS = 100;
    static final int MAX_MESSAGE_LENGTH = 300;

    public Refusal {
        actor = cut(actor, MAX_ID_LENGTH + 8);
        instanceId = cut(instanceId, MAX_ID_LENGTH);
        shardId = cut(shardId, MAX_ID_LENGTH);
        shardSerialId = cut(shardSerialId, MAX_ID_LENGTH);
        sessionIds = List.copyOf(sessionIds.size() > MAX_IDS ? sessionIds.subList(0, MAX_IDS) : sessionIds);
        code = cut(code, MAX_ID_LENGTH);
        message = cut(message, MAX_MESSAGE_LENGTH);
    }

    /** The refusal of a request with these fields. */
    public static Refusal of(Instant at, String actor, String instanceId, String shardId, String shardSerialId,
                             KillMode mode, List<Long> sessionIds, String code, String message) {
        return new Refusal(at, actor, instanceId, shardId, shardSerialId, mode, sessionIds, sessionIds.size(), code,
                message);
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "...(" + text.length() + " characters)";
    }
}
