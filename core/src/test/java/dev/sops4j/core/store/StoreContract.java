package dev.sops4j.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * What every {@link Store} must do, whatever its format. A store's test class extends this and supplies a
 * canonical plaintext file (bytes its own parse/emit keep unchanged) with the tree it stands for, and the inputs
 * it must refuse.
 */
public abstract class StoreContract {

    /** An input the store must refuse with exactly this exception type (and, when given, this message). */
    public record BadInput(String name, Executable action, Class<? extends SopsException> type, String message) {
    }

    protected abstract Store store();

    protected abstract Format expectedFormat();

    /** A plaintext file that parsing then emitting gives back byte for byte. */
    protected abstract byte[] canonicalPlain();

    /** The tree {@link #canonicalPlain()} stands for. */
    protected abstract List<Mapping> canonicalTree();

    /** A plaintext input that has the format's reserved metadata key; empty when the format cannot have one. */
    protected abstract Optional<byte[]> plainWithSopsKey();

    protected abstract List<BadInput> badInputs();

    /** Branches as they stand in an encrypted file (values are ENC strings). */
    protected List<Mapping> encryptedBranches() {
        return canonicalTree();
    }

    /** Skips the encrypted-form tests when the store depends on a part that is not there yet. */
    protected void assumeEncryptedFormAvailable() {
    }

    /** A 3.13-layout metadata tree with string leaves (what a flattening store reads back unchanged). */
    protected Mapping sampleMetadata() {
        return Mapping.of(
                new Pair("age", Sequence.of(Mapping.of(
                        new Pair("enc", new StrValue("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n")),
                        new Pair("recipient", new StrValue("age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"))))),
                new Pair("lastmodified", new StrValue("2026-11-22T20:17:54Z")),
                new Pair("mac", new StrValue("ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]")),
                new Pair("unencrypted_suffix", new StrValue("_unencrypted")),
                new Pair("version", new StrValue("3.13.2")));
    }

    @Test
    void reportsItsFormat() {
        assertEquals(expectedFormat(), store().format());
    }

    @Test
    void parsesCanonicalPlainIntoItsTree() {
        assertEquals(canonicalTree(), store().parsePlain(canonicalPlain()));
    }

    @Test
    void emitsCanonicalTreeAsCanonicalBytes() {
        assertBytes(canonicalPlain(), store().emitPlain(canonicalTree()));
    }

    @Test
    void plainRoundTripKeepsBytes() {
        Store s = store();
        assertBytes(canonicalPlain(), s.emitPlain(s.parsePlain(canonicalPlain())));
    }

    @Test
    void encryptedRoundTripKeepsBranchesAndMetadata() {
        assumeEncryptedFormAvailable();
        Store s = store();
        byte[] written = s.emitEncrypted(encryptedBranches(), sampleMetadata());
        EncryptedDocument read = s.parseEncrypted(written);
        assertEquals(encryptedBranches(), read.branches());
        assertEquals(sampleMetadata(), read.metadata());
        assertBytes(written, s.emitEncrypted(read.branches(), read.metadata()));
    }

    @Test
    void encryptedFormHasSopsMetadata() {
        assumeEncryptedFormAvailable();
        Store s = store();
        byte[] written = s.emitEncrypted(encryptedBranches(), sampleMetadata());
        assertEquals(plainWithSopsKey().isPresent(), s.hasSopsMetadata(written));
    }

    @Test
    void plainWithoutMetadataIsNotEncrypted() {
        assertFalse(store().hasSopsMetadata(canonicalPlain()));
    }

    @Test
    void plainWithReservedKeyIsDetected() {
        plainWithSopsKey().ifPresent(in -> assertTrue(store().hasSopsMetadata(in)));
    }

    @Test
    void parseEncryptedWithoutMetadataFails() {
        assumeEncryptedFormAvailable();
        MetadataException e = assertThrows(MetadataException.class, () -> store().parseEncrypted(plainWithoutMetadata()));
        assertEquals("sops metadata not found", e.getMessage());
    }

    /** A well-formed file of the format that has no metadata. */
    protected byte[] plainWithoutMetadata() {
        return canonicalPlain();
    }

    @TestFactory
    Stream<DynamicTest> refusesBadInputWithOneLineError() {
        return badInputs().stream().map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
            SopsException e = assertThrows(bad.type(), bad.action());
            assertEquals(bad.type(), e.getClass());
            String msg = e.getMessage();
            assertTrue(msg != null && !msg.isBlank(), "message is empty");
            assertFalse(msg.contains("\n") || msg.contains("\r"), "message is not one line: " + msg);
            if (bad.message() != null) {
                assertEquals(bad.message(), msg);
            }
        }));
    }

    /** Byte comparison that shows the text on failure. */
    protected static void assertBytes(byte[] expected, byte[] actual) {
        if (!java.util.Arrays.equals(expected, actual)) {
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
            assertArrayEquals(expected, actual);
        }
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
