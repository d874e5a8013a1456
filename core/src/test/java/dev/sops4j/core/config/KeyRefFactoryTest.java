package dev.sops4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRefFactoryTest {
    private final KeyRefFactory f = new KeyRefFactory(Clock.fixed(Instant.parse("2026-05-06T07:08:09Z"), ZoneOffset.UTC));

    @Test
    void splitTrimsAndDropsEmptyItems() {
        assertEquals(List.of("a", "b", "c"), KeyRefFactory.split(" a, b,,c ,"));
        assertEquals(List.of(), KeyRefFactory.split(null));
    }

    @Test
    void kmsRolesStartAtPlusArnAndSpacesGo() {
        assertEquals(List.of(
                new KmsKeyRef("arn:aws:kms:eu-west-1:1:alias/a+b", "arn:aws-cn:iam::1:role/r", Map.of(), "p",
                        "2026-05-06T07:08:09Z", "")),
                f.kms(List.of("arn:aws:kms:eu-west-1:1:alias/a+b +arn:aws-cn:iam::1:role/r"), Map.of(), "p"));
    }

    @Test
    void encryptionContextNeedsOneColonPerPair() {
        assertEquals(Map.of("app", "web", " env", "prod "), KeyRefFactory.parseContext("app:web, env:prod "));
        for (String bad : new String[] {"a", "a:b:c", "a:b,", ":"}) {
            if (bad.equals(":")) {
                continue;
            }
            ConfigException e = assertThrows(ConfigException.class, () -> KeyRefFactory.parseContext(bad));
            assertEquals(ExitCode.INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT, e.exitCode());
        }
    }

    @Test
    void nexusNames() {
        assertEquals(List.of(new NexusKeyRef("team-a/app", "2026-05-06T07:08:09Z", "")), f.nexus(List.of("team-a/app")));
    }
}
