package io.github.cfaudit.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response about to be written by the HTTP handler. */
record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    /** Internal header (never sent): write only this many bytes of the body, then drop the connection. */
    static final String CUT_AFTER = "X-Simulator-Cut-After";
    /**
     * Internal header (never sent) of a fault: answer the request as usual, but send only half of the body, then reset
     * the connection (TCP RST, not a clean close).
     */
    static final String RESET_MID_BODY = "X-Simulator-Reset-Mid-Body";

    static SimResponse json(int status, String body) {
        return new SimResponse(status, JSON, body.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    static SimResponse of(int status, String contentType, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return new SimResponse(status, contentType, bytes, new LinkedHashMap<>());
    }

    SimResponse header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, contentType, body, copy);
    }
}
