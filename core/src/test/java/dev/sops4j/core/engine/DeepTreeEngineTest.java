package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.DeepStack;
import dev.sops4j.core.Sops4j;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.yaml.YamlStore;
import dev.sops4j.core.tree.Mapping;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The encryption walk, the MAC and both emitters at the deepest tree sops reads, on {@link DeepStack}. */
class DeepTreeEngineTest {

    @Test
    void deepestAcceptedYamlEncryptsAndDecrypts() {
        // 10,000 block levels with 10,000 flow levels inside: the deepest tree yaml.v3 (so sops) reads.
        StringBuilder b = new StringBuilder("a:\n  ").append("- ".repeat(9999)).append("[".repeat(10_000))
                .append("x").append("]".repeat(10_000)).append("\n");
        byte[] input = b.toString().getBytes(StandardCharsets.UTF_8);
        Sops4j sops = Sops4j.builder().keySource(TestKeySources.plainAge(Set.of())).build();
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of("age1a")))), 0,
                Optional.empty(), false);
        YamlStore yaml = new YamlStore(0);
        DeepStack.call(() -> {
            List<Mapping> plain = yaml.parsePlain(input);
            EncryptedDocument enc = sops.encrypt(plain, spec, Format.YAML);
            byte[] written = yaml.emitEncrypted(enc.branches(), enc.metadata());
            try (DecryptedFile f = sops.decrypt(enc, DecryptOptions.DEFAULTS)) {
                assertEquals(plain, f.branches());
                assertEquals(yaml.emitPlain(plain).length, yaml.emitPlain(f.branches()).length);
            }
            return written.length;
        });
    }
}
