package dev.sops4j.gateway.http;

import java.util.Map;

/** What to send back. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Reply {
        headers = Map.copyOf(headers);
    }
}
