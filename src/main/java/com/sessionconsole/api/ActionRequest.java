package com.sessionconsole.api;

import com.sessionconsole.killsession.Caller;

/**
 * What an action is given: the request's parameters, who sent it, and when it reached the server.
 *
 * @param arrivedNanos {@link System#nanoTime()} when the request's first byte was read. Carried in the request,
 *                     not kept aside per thread, because a request is read on one thread and answered on another;
 *                     a KillSession passes it to the service, whose guards use no shard read begun before it
 */
record ActionRequest(ActionParameters params, Caller caller, long arrivedNanos) {
}
