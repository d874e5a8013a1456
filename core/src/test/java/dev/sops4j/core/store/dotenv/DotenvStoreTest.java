package dev.sops4j.core.store.dotenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.store.StoreContract;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.testing.SharedData;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DotenvStoreTest extends StoreContract {
    private final DotenvStore store = new DotenvStore();

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected Format expectedFormat() {
        return Format.DOTENV;
    }

    @Override
    protected byte[] canonicalPlain() {
        return utf8("# a comment\n#\nKEY=value\nWITH_EQ=a=b==\nEMPTY=\nSPACED = x \nML=line1\\nline2\n"
                + "QUOTED=\"q\" # not a comment\n=no key\nunicode_é=日本😀\n");
    }

    @Override
    protected List<Mapping> canonicalTree() {
        return List.of(Mapping.of(
                new Comment(" a comment"),
                new Comment(""),
                new Pair("KEY", new StrValue("value")),
                new Pair("WITH_EQ", new StrValue("a=b==")),
                new Pair("EMPTY", new StrValue("")),
                new Pair("SPACED ", new StrValue(" x ")),
                new Pair("ML", new StrValue("line1\nline2")),
                new Pair("QUOTED", new StrValue("\"q\" # not a comment")),
                new Pair("", new StrValue("no key")),
                new Pair("unicode_é", new StrValue("日本😀"))));
    }

    @Override
    protected Optional<byte[]> plainWithSopsKey() {
        return Optional.of(utf8("A=1\nsops_version=3.13.2\n"));
    }

    @Override
    protected List<BadInput> badInputs() {
        return List.of(
                new BadInput("line without =", () -> store.parsePlain(utf8("A=1\n\nsecret-token\n")),
                        InputException.class, "invalid dotenv input line: line 3 has no '='"),
                new BadInput("blank line of spaces", () -> store.parsePlain(utf8("   \n")),
                        InputException.class, "invalid dotenv input line: line 1 has no '='"),
                new BadInput("nested mapping", () -> store.emitPlain(List.of(Mapping.of(
                        new Pair("A", new StrValue("x")), new Pair("database", Mapping.of(new Pair("h", new StrValue("y"))))))),
                        FormatException.class, "cannot use complex value in dotenv file; offending key database"),
                new BadInput("nested sequence", () -> store.emitPlain(List.of(Mapping.of(
                        new Pair("list", Sequence.of(new StrValue("y")))))),
                        FormatException.class, "cannot use complex value in dotenv file; offending key list"),
                new BadInput("data key with sops_ prefix", () -> store.emitEncrypted(List.of(Mapping.of(
                        new Pair("sops_x", new StrValue("y")))), sampleMetadata()),
                        FormatException.class, "Error marshaling metadata: Found key \"sops_x\" in encrypted data, "
                                + "which starts with the reserved key prefix \"sops_\" for SOPS metadata"),
                new BadInput("non-string extract", () -> store.emitValue(new IntValue(5)),
                        FormatException.class, "the dotenv store only supports emitting strings, got int"),
                new BadInput("nested extract", () -> store.emitValue(Mapping.empty()),
                        FormatException.class, "the dotenv store only supports emitting strings, got sops.TreeBranch"));
    }

    @Test
    void crlfKeepsCarriageReturnInValue() {
        assertEquals(List.of(Mapping.of(new Pair("A", new StrValue("1\r")))), store.parsePlain(utf8("A=1\r\n")));
    }

    @Test
    void duplicateKeysAreKept() {
        Mapping m = store.parsePlain(utf8("A=1\nA=2\n")).get(0);
        assertEquals(2, m.pairs().size());
        assertBytes(utf8("A=1\nA=2\n"), store.emitPlain(List.of(m)));
    }

    @Test
    void invalidUtf8ValueStaysBytes() {
        byte[] in = {'B', '=', (byte) 0xff, 'x', '\n'};
        Mapping m = store.parsePlain(in).get(0);
        assertEquals(new BytesValue(new byte[] {(byte) 0xff, 'x'}), m.get("B").orElseThrow());
        assertBytes(in, store.emitPlain(List.of(m)));
    }

    @Test
    void nonStringScalarsAreWrittenAsGoText() {
        byte[] out = store.emitPlain(List.of(Mapping.of(new Pair("I", new IntValue(-42)),
                new Pair("B", new BoolValue(true)), new Pair("F", new FloatValue(2.5)), new Pair("G", new FloatValue(1e21)))));
        assertBytes(utf8("I=-42\nB=true\nF=2.5\nG=1000000000000000000000\n"), out);
    }

    @Test
    void emptyInputIsOneEmptyDocument() {
        assertEquals(List.of(Mapping.empty()), store.parsePlain(new byte[0]));
        assertBytes(new byte[0], store.emitPlain(List.of(Mapping.empty())));
    }

    @Test
    void extractOfStringIsRaw() {
        assertBytes(utf8("a\nb"), store.emitValue(new StrValue("a\nb")));
    }

    @Test
    void metadataWithNumbersAndBooleansIsWrittenAsText() {
        Mapping md = Mapping.of(new Pair("lastmodified", new StrValue("2026-01-01T00:00:00Z")),
                new Pair("mac_only_encrypted", new BoolValue(true)), new Pair("shamir_threshold", new IntValue(2)));
        byte[] out = store.emitEncrypted(List.of(Mapping.of(new Pair("A", new StrValue("x")))), md);
        assertBytes(utf8("A=x\nsops_lastmodified=2026-01-01T00:00:00Z\nsops_mac_only_encrypted=true\nsops_shamir_threshold=2\n"), out);
        assertEquals(Mapping.of(new Pair("lastmodified", new StrValue("2026-01-01T00:00:00Z")),
                new Pair("mac_only_encrypted", new StrValue("true")), new Pair("shamir_threshold", new StrValue("2"))),
                store.parseEncrypted(out).metadata());
    }

    // --- real files written by sops ---

    @Test
    void formatEncEnv313RoundTripsByteForByte() {
        assertEncryptedRoundTrip("sops-vectors/sops-repo/functional-tests/res/format.enc.env");
    }

    @Test
    void realSops3132FileRoundTripsByteForByte() {
        assertEncryptedRoundTrip("sops-vectors/real-sops-3.13.2/f.enc.env");
    }

    @Test
    void conformanceAppEncEnvRoundTripsByteForByte() {
        assertEncryptedRoundTrip("conformance/fixtures/app.enc.env");
    }

    private void assertEncryptedRoundTrip(String relative) {
        byte[] file = SharedData.bytes(relative);
        EncryptedDocument doc = store.parseEncrypted(file);
        assertBytes(file, store.emitEncrypted(doc.branches(), doc.metadata()));
    }

    @Test
    void formatEncEnvTreeAndMetadata() {
        EncryptedDocument doc = store.parseEncrypted(
                SharedData.bytes("sops-vectors/sops-repo/functional-tests/res/format.enc.env"));
        Mapping data = doc.branches().get(0);
        assertEquals(List.of("foo "), data.pairs().stream().map(Pair::key).toList());
        assertTrue(((StrValue) data.get("foo ").orElseThrow()).value().startsWith("ENC[AES256_GCM,data:XBV7lQ==,"));
        Mapping md = doc.metadata();
        assertEquals(List.of("lastmodified", "mac", "pgp", "unencrypted_suffix", "version"),
                md.pairs().stream().map(Pair::key).toList());
        Mapping pgp = (Mapping) ((Sequence) md.get("pgp").orElseThrow()).items().get(0);
        assertEquals(new StrValue("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"), pgp.get("fp").orElseThrow());
        String enc = ((StrValue) pgp.get("enc").orElseThrow()).value();
        assertTrue(enc.startsWith("-----BEGIN PGP MESSAGE-----\n\nwcBMAyUpShfNkFB/AQf+"), enc);
        assertTrue(enc.endsWith("\n=5coz\n-----END PGP MESSAGE-----"), enc);
    }

    @Test
    void encryptedCommentAndEmptyValueStayInPlace() {
        EncryptedDocument doc = store.parseEncrypted(SharedData.bytes("conformance/fixtures/app.enc.env"));
        Mapping data = doc.branches().get(0);
        assertTrue(data.entries().get(0) instanceof Comment c && c.text().startsWith("ENC[AES256_GCM,data:FFy5em67"));
        assertEquals(new StrValue(""), data.get("EMPTY").orElseThrow());
    }

    @Test
    void decryptedFormatEnvMatchesSopsStdout() {
        byte[] expected = SharedData.bytes("sops-vectors/expected/format.enc.env.sops-decrypt-stdout.txt");
        assertBytes(expected, store.emitPlain(List.of(Mapping.of(new Pair("foo ", new StrValue(" bar"))))));
    }

    @Test
    void decryptedRealFileMatchesSopsOutput() {
        byte[] expected = SharedData.bytes("sops-vectors/real-sops-3.13.2/f.dec.env");
        Mapping tree = Mapping.of(
                new Comment(" dotenv comment"),
                new Pair("DB_HOST", new StrValue("localhost")),
                new Pair("DB_PORT", new StrValue("5432")),
                new Pair("DB_PASSWORD", new StrValue("s3cr3t")),
                new Pair("EMPTY", new StrValue("")),
                new Pair("WITH_SPACES", new StrValue("hello world")),
                new Pair("QUOTED", new StrValue("\"double quoted\"")),
                new Pair("MULTILINE", new StrValue("\"line1\nline2\"")),
                new Pair("PUBLIC_unencrypted", new StrValue("visible")));
        assertBytes(expected, store.emitPlain(List.of(tree)));
        assertEquals(List.of(tree), store.parsePlain(SharedData.bytes("sops-vectors/real-sops-3.13.2/f.plain.env")));
    }

    @Test
    void conformancePlainFileRoundTrips() {
        byte[] plain = SharedData.bytes("conformance/fixtures/app.env");
        Mapping tree = Mapping.of(
                new Comment(" database settings"),
                new Pair("DB_HOST", new StrValue("localhost")),
                new Pair("DB_PASSWORD", new StrValue("abc=def==")),
                new Pair("API_KEY", new StrValue("k-12345")),
                new Pair("EMPTY", new StrValue("")));
        assertEquals(List.of(tree), store.parsePlain(plain));
        assertBytes(plain, store.emitPlain(List.of(tree)));
    }

    @Test
    void encryptedVectorsAreDetectedAsEncrypted() {
        assertTrue(store.hasSopsMetadata(SharedData.bytes("sops-vectors/real-sops-3.13.2/f.enc.env")));
    }
}
