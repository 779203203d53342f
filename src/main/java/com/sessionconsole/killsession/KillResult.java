package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillTask;

/** One request's answer in a batch of kills: its task, or the error that refused or failed it. */
public record KillResult(KillRequest request, KillTask task, KillSessionException error) {
}
