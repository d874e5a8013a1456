package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.env.Environment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSettingsTest {
    @TempDir
    Path home;

    private AwsSettings settings(Map<String, String> vars) {
        return new AwsSettings(new Environment(vars, home, home.resolve("work")));
    }

    @Test
    void serviceSpecificEndpointWinsOverGeneric() {
        AwsSettings s = settings(Map.of("AWS_ENDPOINT_URL", "http://generic:1", "AWS_ENDPOINT_URL_KMS",
                "http://kms:2"));
        assertEquals(Optional.of(URI.create("http://kms:2")), s.endpoint("KMS"));
        assertEquals(Optional.of(URI.create("http://generic:1")), s.endpoint("STS"));
    }

    @Test
    void endpointsCanBeIgnored() {
        AwsSettings s = settings(Map.of("AWS_ENDPOINT_URL", "http://generic:1",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        assertEquals(Optional.empty(), s.endpoint("KMS"));
    }

    @Test
    void malformedEndpointIsAOneLineFailure() {
        KmsTransport.CallFailure e = assertThrows(KmsTransport.CallFailure.class,
                () -> settings(Map.of("AWS_ENDPOINT_URL_KMS", "localhost:4566")).endpoint("KMS"));
        assertEquals("invalid endpoint URL in AWS_ENDPOINT_URL_KMS: localhost:4566", e.getMessage());
    }

    @Test
    void profileFilesDefaultUnderHomeAndExpandTilde() throws Exception {
        assertEquals(Optional.empty(), settings(Map.of()).credentialsFile());
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\n");
        Files.writeString(home.resolve("cfg"), "[default]\n");
        assertEquals(Optional.of(home.resolve(".aws/credentials")), settings(Map.of()).credentialsFile());
        assertEquals(Optional.of(home.resolve("cfg")), settings(Map.of("AWS_CONFIG_FILE", "~/cfg")).configFile());
    }

    @Test
    void homeVariableWinsOverTheJvmHomeAsForTheSdkAndSops() throws Exception {
        Path other = Files.createDirectories(home.resolve("ci-home"));
        Files.createDirectories(other.resolve(".aws"));
        Files.writeString(other.resolve(".aws/config"), "[default]\n");
        Files.writeString(other.resolve("creds"), "[default]\n");
        AwsSettings s = settings(Map.of("HOME", other.toString(), "AWS_SHARED_CREDENTIALS_FILE", "~/creds"));
        assertEquals(Optional.of(other.resolve(".aws/config")), s.configFile());
        assertEquals(Optional.of(other.resolve("creds")), s.credentialsFile());
        assertEquals(Optional.empty(), settings(Map.of()).configFile());
    }

    @Test
    void profileAndAttempts() {
        assertEquals("default", settings(Map.of()).defaultProfile());
        assertEquals("ci", settings(Map.of("AWS_PROFILE", "ci")).defaultProfile());
        assertEquals(Optional.of(7), settings(Map.of("AWS_MAX_ATTEMPTS", "7")).maxAttempts());
        assertEquals(Optional.empty(), settings(Map.of("AWS_MAX_ATTEMPTS", "many")).maxAttempts());
    }

    @Test
    void hostnameIsNeverEmpty() {
        assertFalse(Hostname.local().isEmpty());
    }
}
