package com.sessionconsole.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request whose signature checked out: who sent it and what it asks.
 *
 * @param form "TC3-HMAC-SHA256", "HmacSHA1" or "HmacSHA256", for the log
 */
record SignedRequest(String action, String version, ApiKey key, ObjectNode params, String form) {
}
