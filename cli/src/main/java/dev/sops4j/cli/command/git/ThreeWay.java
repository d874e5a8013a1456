package dev.sops4j.cli.command.git;

import dev.sops4j.cli.ops.Session;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.merge.Conflict;
import dev.sops4j.core.merge.KeyMerge;
import dev.sops4j.core.merge.MergeResult;
import dev.sops4j.core.merge.TreeMerge;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import java.util.List;
import java.util.Optional;

/**
 * Base, ours and theirs of one sops file, decrypted in memory, merged by key path, and sealed again with ours'
 * data key: every value ours did not change keeps its ciphertext, the MAC is recomputed; recipients added on
 * either side get the data key, a recipient dropped on either side means a new data key (as {@code sops rotate}).
 * Close it to wipe the data keys.
 */
final class ThreeWay implements AutoCloseable {
    private final Session session;
    private final Format format;
    private final Optional<DecryptedFile> base;
    private final DecryptedFile ours;
    private final DecryptedFile theirs;
    private final MergeResult merged;
    private final Optional<KeyMerge.Result> keys;

    private ThreeWay(Session session, Format format, Optional<DecryptedFile> base, DecryptedFile ours,
            DecryptedFile theirs) {
        this.session = session;
        this.format = format;
        this.base = base;
        this.ours = ours;
        this.theirs = theirs;
        List<Mapping> baseBranches = base.map(DecryptedFile::branches).orElse(List.of());
        this.merged = TreeMerge.merge(baseBranches, ours.branches(), theirs.branches());
        // added on both sides: no key was removed, so the recipients are the union
        List<KeyGroup> baseKeys = base.map(b -> b.metadata().keyGroups()).orElseGet(() -> ours.metadata().keyGroups()
                .stream().map(g -> new KeyGroup(List.of())).toList());
        this.keys = KeyMerge.merge(baseKeys, ours.metadata().keyGroups(), theirs.metadata().keyGroups());
    }

    /** True when {@code bytes} parse as a sops file of {@code format} (never throws). */
    static boolean isSops(Session s, Format format, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return false;
        }
        try {
            s.store(format).parseEncrypted(bytes);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Decrypts the sides (a base that is absent or not a sops file counts as "added on both sides") and merges
     * them. Throws when ours or theirs cannot be decrypted; nothing is written.
     */
    static ThreeWay open(Session s, Format format, String name, byte[] base, byte[] ours, byte[] theirs) {
        DecryptedFile o = null;
        DecryptedFile t = null;
        DecryptedFile b = null;
        try {
            o = decrypt(s, format, name, "ours", ours);
            t = decrypt(s, format, name, "theirs", theirs);
            b = isSops(s, format, base) ? decrypt(s, format, name, "base", base) : null;
            return new ThreeWay(s, format, Optional.ofNullable(b), o, t);
        } catch (RuntimeException e) {
            for (DecryptedFile f : new DecryptedFile[] {o, t, b}) {
                if (f != null) {
                    f.close();
                }
            }
            throw e;
        }
    }

    private static DecryptedFile decrypt(Session s, Format format, String name, String side, byte[] bytes) {
        try {
            EncryptedDocument doc = s.store(format).parseEncrypted(bytes);
            return s.sops().decrypt(doc, s.decryptOptions(false));
        } catch (RuntimeException e) {
            throw new InputException(ExitCode.GENERIC, "Error: cannot decrypt the " + side + " version of " + name + ": "
                    + oneLine(e.getMessage()), e);
        }
    }

    MergeResult result() {
        return merged;
    }

    /** Conflicts in the values plus, when both sides restructured the key groups, a note about the keys. */
    List<Conflict> conflicts() {
        return merged.conflicts();
    }

    boolean keysConflict() {
        return keys.isEmpty();
    }

    boolean clean() {
        return merged.clean() && keys.isPresent();
    }

    Format format() {
        return format;
    }

    /** Seals {@code branches} (the merge result or an edited resolution) as ours would be written. */
    byte[] seal(List<Mapping> branches) {
        KeyMerge.Result k = keys.orElseGet(() -> new KeyMerge.Result(ours.metadata().keyGroups(), false, false));
        DecryptedFile result = ours.withBranches(branches);
        int threshold = ours.metadata().shamirThreshold();
        EncryptedDocument doc;
        if (k.dropped()) {
            doc = session.sops().rotate(result, k.groups(), threshold);
        } else {
            doc = session.sops().reencrypt(result);
            if (k.added()) {
                doc = session.sops().rewrap(doc, session.decryptOptions(false), k.groups(), threshold);
            }
        }
        return session.emitEncrypted(format, doc);
    }

    static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    @Override
    public void close() {
        ours.close();
        theirs.close();
        base.ifPresent(DecryptedFile::close);
    }
}
