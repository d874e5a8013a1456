package dev.sops4j.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.api.Sops;
import dev.sops4j.core.api.SopsSettings;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Core's one-line API finds this module's composition root, so it supports every key type the CLI does. */
class RuntimeKeySourcesTest {
    @Test
    void sopsFindsKmsAndNexusThroughTheServiceLoader() {
        var sops = Sops.sops4j(SopsSettings.defaults());
        assertTrue(sops.keySources().supports(new KmsKeyRef("arn:aws:kms:us-east-1:1:key/k", "", Map.of(), "", "", "")));
        assertTrue(sops.keySources().supports(new NexusKeyRef("k", "", "")));
    }
}
