package com.sessionconsole.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.killsession.KillSessionException;

/** One action of the contract: reads its parameters, calls the KillSession service, fills the Response object. */
interface Action {

    /** Runs the action; {@code response} gets the action's fields (RequestId is added by the server). */
    void run(ActionRequest request, ObjectNode response) throws ApiError, KillSessionException;
}
