package dev.sops4j.keys.gcpkms;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.sops4j.core.env.Environment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Credentials as sops finds them, through google-auth-library: {@code GOOGLE_CREDENTIALS} (a file path, else the
 * JSON itself), then {@code GOOGLE_APPLICATION_CREDENTIALS}, then application default credentials (gcloud's file,
 * the metadata server). Only this class touches google-auth classes.
 */
final class GoogleAuthTokens implements AccessTokens {
    static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloudkms",
            "https://www.googleapis.com/auth/cloud-platform");

    private final GoogleCredentials credentials;

    private GoogleAuthTokens(GoogleCredentials credentials) {
        this.credentials = credentials;
    }

    static AccessTokens from(Environment env) {
        Optional<String> sopsCreds = env.get("GOOGLE_CREDENTIALS");
        try {
            GoogleCredentials c;
            if (sopsCreds.isPresent()) {
                Path p = env.workingDirectory().resolve(sopsCreds.get());
                byte[] json = looksLikePath(sopsCreds.get()) && Files.isRegularFile(p) ? Files.readAllBytes(p)
                        : sopsCreds.get().getBytes(StandardCharsets.UTF_8);
                c = load(new ByteArrayInputStream(json), "GOOGLE_CREDENTIALS");
            } else if (env.get("GOOGLE_APPLICATION_CREDENTIALS").isPresent()) {
                Path p = env.workingDirectory().resolve(env.get("GOOGLE_APPLICATION_CREDENTIALS").get());
                try (InputStream in = Files.newInputStream(p)) {
                    c = load(in, "GOOGLE_APPLICATION_CREDENTIALS");
                }
            } else {
                c = GoogleCredentials.getApplicationDefault();
            }
            return new GoogleAuthTokens(c.createScoped(SCOPES));
        } catch (IOException e) {
            throw new GcpFailure("no Google credentials: " + GcpFailure.oneLine(e.getMessage()));
        }
    }

    private static boolean looksLikePath(String v) {
        return !v.stripLeading().startsWith("{");
    }

    private static GoogleCredentials load(InputStream in, String var) {
        try {
            return GoogleCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            throw new GcpFailure(var + " does not hold usable credentials: " + GcpFailure.oneLine(e.getMessage()));
        }
    }

    @Override
    public synchronized String token() {
        try {
            credentials.refreshIfExpired();
            AccessToken t = credentials.getAccessToken();
            if (t == null) {
                throw new GcpFailure("Google credentials gave no access token");
            }
            return t.getTokenValue();
        } catch (IOException e) {
            throw new GcpFailure("cannot get a Google access token: " + GcpFailure.oneLine(e.getMessage()));
        }
    }
}
