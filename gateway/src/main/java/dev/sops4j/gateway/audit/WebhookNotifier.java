package dev.sops4j.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * POSTs each alert as JSON to a webhook, off the request path, retrying with doubling waits on network errors and
 * non-2xx answers. The payload is the alert itself: names and counts, nothing secret.
 */
public final class WebhookNotifier implements AlertListener, AutoCloseable {
    private final URI url;
    private final int attempts;
    private final Duration firstWait;
    private final HttpClient http;
    private final Consumer<String> onGiveUp;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread th = new Thread(r, "sops4j-gateway-webhook");
        th.setDaemon(true);
        return th;
    });

    /** @param onGiveUp told the alert name when every attempt failed (the server logs it to the audit stream) */
    public WebhookNotifier(URI url, int attempts, Duration firstWait, HttpClient http, Consumer<String> onGiveUp) {
        this.url = url;
        this.attempts = Math.max(1, attempts);
        this.firstWait = firstWait;
        this.http = http;
        this.onGiveUp = onGiveUp;
    }

    @Override
    public void raised(Alert alert) {
        String body;
        try {
            body = json.writeValueAsString(alert.toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        executor.execute(() -> deliver(alert.name(), body));
    }

    private void deliver(String name, String body) {
        Duration wait = firstWait;
        for (int i = 1; i <= attempts; i++) {
            try {
                HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
            } catch (java.io.IOException e) {
                // retried below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (i < attempts) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wait = wait.multipliedBy(2);
            }
        }
        onGiveUp.accept(name);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
