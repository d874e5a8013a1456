package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.age.AgeKeys;
import dev.sops4j.core.store.Format;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file sops4j encrypts for three key groups (one age identity each) with Shamir threshold 2: any two groups'
 * keys decrypt it, one group's key alone fails with exit 128, and the file has the layout sops 3.13.2 wrote for
 * the same plaintext and groups (shamir/i.enc.yaml).
 */
class KeyGroupsTest {
    private static final String PLAIN = RealSops313Test.DIR + "shamir/i.plain.yaml";

    @TempDir
    Path home;

    private final List<AgeKeys.GeneratedIdentity> ids = new ArrayList<>();
    private String encrypted;

    @BeforeEach
    void encryptForThreeGroups() {
        List<KeyGroup> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
            ids.add(id);
            groups.add(new KeyGroup(List.of(AgeKeyRef.of(id.recipient()))));
        }
        Sops4j sops = CompatKeys.local(home, Map.of(), Clock.systemUTC());
        byte[] out = sops.encrypt(SharedData.bytes(PLAIN), Format.YAML,
                new EncryptionSpec(groups, 2, Optional.empty(), false));
        encrypted = new String(out, StandardCharsets.UTF_8);
    }

    private String decryptWith(String groupIndexes) {
        StringBuilder keys = new StringBuilder();
        for (char c : groupIndexes.toCharArray()) {
            keys.append(ids.get(c - '0').fileText());
        }
        Sops4j sops = CompatKeys.local(home, Map.of("SOPS_AGE_KEY", keys.toString()), Clock.systemUTC());
        return RealSops313TestSupport.decrypt(sops, encrypted, Format.YAML);
    }

    @ParameterizedTest(name = "groups {0}")
    @ValueSource(strings = {"01", "02", "12", "012"})
    void anyTwoGroupsDecrypt(String groups) {
        // sops' output for the same plaintext (the comment and values are the same as in i.plain.yaml).
        assertEquals(SharedData.text(RealSops313Test.DIR + "shamir/i.dec-1and3.yaml"), decryptWith(groups));
    }

    @ParameterizedTest(name = "group {0}")
    @ValueSource(strings = {"0", "1", "2"})
    void oneGroupAloneFailsWith128(String group) {
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class, () -> decryptWith(group));
        assertEquals(128, e.exitCode().code());
        assertTrue(e.getMessage().contains("Group " + group + ": SUCCESS"), e.getMessage());
        assertTrue(e.getMessage().contains("Shamir threshold of 2, but only 1 part(s) were successfully recovered"),
                e.getMessage());
        assertEquals(3, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void noKeyAtAllFailsWith128() {
        Sops4j sops = CompatKeys.local(home, Map.of(), Clock.systemUTC());
        KeyRetrievalException e = assertThrows(KeyRetrievalException.class,
                () -> RealSops313TestSupport.decrypt(sops, encrypted, Format.YAML));
        assertEquals(128, e.exitCode().code());
        for (AgeKeys.GeneratedIdentity id : ids) {
            assertTrue(e.getMessage().contains(id.recipient()), e.getMessage());
        }
    }

    /** Recipients, armor bodies, ciphertexts and timestamps masked: the rest must be sops 3.13.2's bytes. */
    static String mask(String text) {
        return text.replaceAll("recipient: age1[0-9a-z]+", "recipient: R")
                .replaceAll("(?m)^ *[A-Za-z0-9+/=]{1,64}\\n(?=( *[A-Za-z0-9+/=]{1,64}\\n)* *-----END)", "")
                .transform(t -> java.util.regex.Pattern.compile("data:([A-Za-z0-9+/=]*),iv:[^,]*,tag:[^,]*,")
                        .matcher(t).replaceAll(m -> "data:" + m.group(1).length() + "chars,"))
                .replaceAll("lastmodified: \"[^\"]*\"", "lastmodified: T");
    }

    @Test
    void layoutMatchesWhatSopsWroteForTheSameGroups() {
        String sops = SharedData.text(RealSops313Test.DIR + "shamir/i.enc.yaml");
        assertEquals(mask(sops), mask(encrypted));
        assertEquals(3, mask(sops).split("recipient: R\n", -1).length - 1, mask(sops));
        assertTrue(mask(sops).contains("password: ENC[AES256_GCM,data:20chars,type:str]"), mask(sops));
        assertFalse(mask(sops).contains("YWdl"), "armor bodies masked");
        assertTrue(encrypted.contains("    shamir_threshold: 2\n"), encrypted);
        assertEquals(3, encrypted.split("hc_vault: \\[\\]", -1).length - 1, "hc_vault: [] in every group");
    }
}
