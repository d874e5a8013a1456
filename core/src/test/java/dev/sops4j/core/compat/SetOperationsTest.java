package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INDEX.md id j: the three {@code sops set} operations that turned j.before.enc.yaml into j.after.enc.yaml, done
 * with the tree API and {@code reencrypt}. Unchanged values must keep their ciphertexts; changed ones get new
 * random IVs, so only their type and length can be compared.
 */
class SetOperationsTest {
    private static final String DIR = RealSops313Test.DIR;
    private static final Pattern ENC = Pattern.compile("ENC\\[AES256_GCM,data:([^,]*),iv:[^,]*,tag:[^,]*,type:(\\w+)\\]");

    @TempDir
    Path home;

    private String applySets() {
        Sops4j keys = CompatKeys.age(home, SharedData.file(DIR + "age-key.txt"));
        Store store = keys.store(Format.YAML);
        EncryptedDocument after = store.parseEncrypted(SharedData.bytes(DIR + "j.after.enc.yaml"));
        // sops stamps lastmodified when it writes; stop our clock at the time sops wrote j.after.
        String lastModified = keys.readMetadata(after.metadata()).lastModified();
        Sops4j stopped = Sops4j.builder()
                .clock(Clock.fixed(GoFormat.parseTime(lastModified).toInstant(), ZoneOffset.UTC)).build();
        try (DecryptedFile f = keys.decrypt(SharedData.bytes(DIR + "j.before.enc.yaml"), Format.YAML,
                DecryptOptions.DEFAULTS)) {
            Mapping doc = f.branches().get(0);
            // sops set j.after.enc.yaml '["secrets"]["password"]' '"after-pass"'
            Mapping secrets = (Mapping) doc.get("secrets").orElseThrow();
            doc = doc.with("secrets", secrets.with("password", new StrValue("after-pass")));
            // '["app"]["port"]' '9090': a scalar JSON number is decoded as float64 by sops
            Mapping app = (Mapping) doc.get("app").orElseThrow();
            app = app.with("port", new FloatValue(9090));
            // '["app"]["tags"][2]' '"c"': index == length appends
            List<Element> tags = new ArrayList<>(((Sequence) app.get("tags").orElseThrow()).items());
            tags.add(new StrValue("c"));
            app = app.with("tags", new Sequence(tags));
            doc = doc.with("app", app);
            EncryptedDocument out = stopped.reencrypt(f.withBranches(List.of(doc)));
            return new String(store.emitEncrypted(out.branches(), out.metadata()), StandardCharsets.UTF_8);
        }
    }

    /** Every ENC value's data length and type kept, and data/iv/tag masked: what can match for re-randomised values. */
    private static String maskCiphertexts(String line) {
        Matcher m = ENC.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(
                    "ENC[data:" + m.group(1).length() + "chars,type:" + m.group(2) + "]"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Values only: comment lines dropped, inline ones cut off (placement is checked line for line below). */
    private static List<String> withoutComments(String text) {
        return text.lines().filter(l -> !l.trim().startsWith("#ENC["))
                .map(l -> l.replaceAll(" #ENC\\[[^\\]]*\\]$", "")).toList();
    }

    private static List<String> commentCiphertexts(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("#(ENC\\[[^\\]]*type:comment\\])").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void unchangedValuesKeepTheirCiphertextAndChangedOnesMatchSopsInTypeAndLength() {
        String ours = applySets();
        String sops = SharedData.text(DIR + "j.after.enc.yaml");
        assertEquals(commentCiphertexts(sops), commentCiphertexts(ours), "comments keep their ciphertext");
        List<String> oursLines = withoutComments(ours);
        List<String> sopsLines = withoutComments(sops);
        assertEquals(sopsLines.size(), oursLines.size(), ours);
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < sopsLines.size(); i++) {
            if (!sopsLines.get(i).equals(oursLines.get(i))) {
                differing.add(sopsLines.get(i).trim().replaceAll(":.*", ""));
                assertEquals(maskCiphertexts(sopsLines.get(i)), maskCiphertexts(oursLines.get(i)));
            }
        }
        // The three values sops set got fresh IVs, and so did the MAC (its plaintext changed).
        assertEquals(List.of("port", "- ENC[AES256_GCM,data", "password", "mac"), differing);
    }

    @Test
    void theEditedFileDecryptsToWhatSopsPrintedForJAfter() {
        String ours = applySets();
        Sops4j keys = CompatKeys.age(home, SharedData.file(DIR + "age-key.txt"));
        String decrypted = RealSops313TestSupport.decrypt(keys, ours, Format.YAML);
        String expected = SharedData.text(DIR + "j.after.dec.yaml");
        assertTrue(ours.contains("type:float]"), "9090 set as a JSON scalar is a float, as in sops");
        assertEquals(withoutPlainComments(expected), withoutPlainComments(decrypted));
    }

    private static List<String> withoutPlainComments(String text) {
        return text.lines().filter(l -> !l.trim().startsWith("#")).map(l -> l.replaceAll(" # .*$", "")).toList();
    }

    @Test
    void theEditedFileMatchesSopsLineForLineIncludingCommentPlacement() {
        String ours = applySets();
        String sops = SharedData.text(DIR + "j.after.enc.yaml");
        assertEquals(sops.lines().map(SetOperationsTest::maskCiphertexts).toList(),
                ours.lines().map(SetOperationsTest::maskCiphertexts).toList());
        assertEquals(SharedData.text(DIR + "j.after.dec.yaml"),
                RealSops313TestSupport.decrypt(CompatKeys.age(home, SharedData.file(DIR + "age-key.txt")), ours,
                        Format.YAML));
    }
}
