package com.sessionconsole.fleet.backend;

/**
 * Calls an operation makes to a rate-limited API, for one account and one action: what the console needs to
 * tell how long the operation takes at least, and to say so.
 *
 * @param account   whose limit the calls count against: a name for the account, never its credentials
 * @param action    the API action
 * @param calls     how many calls
 * @param perSecond how many calls of the action the account may make per second
 */
public record ApiCalls(String account, String action, int calls, int perSecond) {

    public ApiCalls {
        if (calls < 0 || perSecond < 1) {
            throw new IllegalArgumentException("calls: at least 0; perSecond: at least 1");
        }
    }
}
