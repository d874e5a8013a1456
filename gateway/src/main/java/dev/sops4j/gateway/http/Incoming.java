package dev.sops4j.gateway.http;

/**
 * One HTTP request as the service sees it.
 *
 * @param authorization the Authorization header, or null
 * @param remote        client address, used only to attribute invalid-token bursts that carry no subject
 */
public record Incoming(String method, String path, String authorization, byte[] body, String remote) {
}
