package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real files written by sops: decrypt with the MAC verified, compare trees and bytes, re-encrypt identically. */
class JsonVectorsTest {
    private static final String EXPECTED = "sops-vectors/expected/";

    private static Sops4j sops(KeySource<?> source, Clock clock) {
        Sops4j.Builder b = Sops4j.builder().clock(clock);
        addSource(b, source);
        return b.build();
    }

    private static <R extends dev.sops4j.core.keys.KeyRef> void addSource(Sops4j.Builder b, KeySource<R> s) {
        b.keySource(s);
    }

    private static Clock clockAt(String lastModified) {
        return Clock.fixed(Instant.parse(lastModified), ZoneOffset.UTC);
    }

    /** The expected tree and data key from a reference-decryptor file. */
    private record Expected(Mapping tree, String dataKeyHex) {
        static Expected of(String vector) {
            Store json = new dev.sops4j.core.store.json.JsonStore(-1);
            Mapping all = json.parsePlain(SharedData.bytes(EXPECTED + vector + ".expected.json")).get(0);
            Sequence docs = (Sequence) all.get("documents").orElseThrow();
            String key = ((StrValue) all.get("data_key_hex").orElseThrow()).value();
            return new Expected((Mapping) docs.items().get(0), key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sops-repo/example.json",
        "sops-repo/functional-tests/res/format.enc.json",
        "sops-repo/examples/per_file/config.enc/static_github.json",
        "sops-repo/examples/all_in_one/config/secret.enc.json",
    })
    void pgpVectorsDecryptToTheExpectedTree(String path) {
        Expected exp = Expected.of(path.replace("/", "__"));
        Sops4j sops = sops(TestKeySources.pgpKnownDataKey(exp.dataKeyHex()), Clock.systemUTC());
        Store store = sops.store(Format.JSON);
        EncryptedDocument doc = store.parseEncrypted(SharedData.bytes("sops-vectors/" + path));
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(exp.tree(), f.branches().get(0));
        }
    }

    @Test
    void formatEncJsonDecryptsToSopsOutputAndReencryptsByteIdentically() {
        String path = "sops-vectors/sops-repo/functional-tests/res/format.enc.json";
        Expected exp = Expected.of("sops-repo__functional-tests__res__format.enc.json");
        byte[] original = SharedData.bytes(path);
        Store probe = Sops4j.builder().build().store(Format.JSON);
        EncryptedDocument doc = probe.parseEncrypted(original);
        String lastModified = ((StrValue) doc.metadata().get("lastmodified").orElseThrow()).value();
        Sops4j sops = sops(TestKeySources.pgpKnownDataKey(exp.dataKeyHex()), clockAt(lastModified));
        Store store = sops.store(Format.JSON);
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(SharedData.text(EXPECTED + "format.enc.json.sops-decrypt-stdout.txt"),
                    new String(store.emitPlain(f.branches()), StandardCharsets.UTF_8));
            EncryptedDocument again = sops.reencrypt(f);
            assertEquals(new String(original, StandardCharsets.UTF_8),
                    new String(store.emitEncrypted(again.branches(), again.metadata()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void realSops3132AgeFileDecryptsToSopsOutputAndReencryptsByteIdentically() {
        String dir = "sops-vectors/real-sops-3.13.2/";
        byte[] original = SharedData.bytes(dir + "e.enc.json");
        Store probe = Sops4j.builder().build().store(Format.JSON);
        EncryptedDocument doc = probe.parseEncrypted(original);
        String lastModified = ((StrValue) doc.metadata().get("lastmodified").orElseThrow()).value();
        Sops4j sops = sops(TestKeySources.ageCli(SharedData.file(dir + "age-key.txt")), clockAt(lastModified));
        Store store = sops.store(Format.JSON);
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertArrayEquals(SharedData.bytes(dir + "e.dec.json"), store.emitPlain(f.branches()));
            EncryptedDocument again = sops.reencrypt(f);
            assertEquals(new String(original, StandardCharsets.UTF_8),
                    new String(store.emitEncrypted(again.branches(), again.metadata()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void conformanceFixtureDecryptsToItsPlainTree() {
        String dir = "conformance/fixtures/";
        Sops4j sops = sops(TestKeySources.ageCli(SharedData.file(dir + "key.txt")), Clock.systemUTC());
        Store store = sops.store(Format.JSON);
        EncryptedDocument doc = store.parseEncrypted(SharedData.bytes(dir + "config.enc.json"));
        try (DecryptedFile f = sops.decrypt(doc, DecryptOptions.DEFAULTS)) {
            assertEquals(store.parsePlain(SharedData.bytes(dir + "config.json")), f.branches());
        }
    }

    @Test
    void facadeDecryptsAPath() {
        String dir = "conformance/fixtures/";
        Sops4j sops = sops(TestKeySources.ageCli(SharedData.file(dir + "key.txt")), Clock.systemUTC());
        try (DecryptedFile f = sops.decrypt(SharedData.file(dir + "config.enc.json"))) {
            assertEquals(new StrValue("service"), f.branches().get(0).get("name").orElseThrow());
        }
        assertEquals(ExitCode.COULD_NOT_READ_INPUT_FILE, assertThrows(dev.sops4j.core.error.InputException.class,
                () -> sops.decrypt(SharedData.root().resolve("no-such-file.json"))).exitCode());
    }

    @Test
    void tamperedValueOrMacFailsWithExit51() {
        String path = "sops-vectors/sops-repo/functional-tests/res/format.enc.json";
        Expected exp = Expected.of("sops-repo__functional-tests__res__format.enc.json");
        Sops4j sops = sops(TestKeySources.pgpKnownDataKey(exp.dataKeyHex()), Clock.systemUTC());
        Store store = sops.store(Format.JSON);
        String text = SharedData.text(path);
        String lm = ((StrValue) store.parseEncrypted(text.getBytes(StandardCharsets.UTF_8)).metadata()
                .get("lastmodified").orElseThrow()).value();
        String later = Instant.parse(lm).plusSeconds(1).toString();
        String changedLm = text.replace("\"" + lm + "\"", "\"" + later + "\"");
        assertTrue(!changedLm.equals(text));
        MacMismatchException e = assertThrows(MacMismatchException.class, () -> sops.decrypt(
                store.parseEncrypted(changedLm.getBytes(StandardCharsets.UTF_8)), DecryptOptions.DEFAULTS));
        assertEquals(ExitCode.MAC_MISMATCH, e.exitCode());
        assertEquals("MAC mismatch. The MAC could not be decrypted (wrong data key, or the MAC or lastmodified was"
                + " changed)", e.getMessage());
        // With ignoreMac the values still come back.
        try (DecryptedFile f = sops.decrypt(store.parseEncrypted(changedLm.getBytes(StandardCharsets.UTF_8)),
                new DecryptOptions(true, List.of()))) {
            assertEquals(new StrValue("bar"), f.branches().get(0).get("foo").orElseThrow());
        }
    }
}
