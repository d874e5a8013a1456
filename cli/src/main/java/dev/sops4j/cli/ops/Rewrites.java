package dev.sops4j.cli.ops;

import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.io.Input;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.TreePathException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** set/unset: decrypt, change the first document, re-encrypt reusing every unchanged value's IV, write in place. */
public final class Rewrites {
    private Rewrites() {
    }

    /** set/unset parse their path as sops does: a malformed one is "invalid set/unset index format" (exit 7). */
    public static TreePath path(String verb, String text) {
        try {
            return TreePath.parse(text);
        } catch (TreePathException e) {
            throw new UsageException(ExitCode.INVALID_SET_FORMAT, "Invalid " + verb + " index format: " + e.getMessage(), e);
        }
    }

    /** Applies {@code change}; writes only when it returns a different tree or {@code always} is set. */
    public static boolean rewrite(Session s, Path file, boolean always, UnaryOperator<Mapping> change) {
        if (!Files.exists(file)) {
            // sops' set/unset read the file directly: a missing one is "could not read" (2), not "no file" (100)
            throw new InputException("Error reading file: " + file + ": no such file or directory", null);
        }
        Input in = Input.read(file);
        Format f = s.inputFormat(in.path());
        try (DecryptedFile df = s.decrypt(in, f, false)) {
            List<Mapping> branches = new ArrayList<>(df.branches());
            Mapping before = branches.get(0);
            Mapping after = change.apply(before);
            if (!always && after.equals(before)) {
                return false;
            }
            branches.set(0, after);
            EncryptedDocument doc = s.sops().reencrypt(df.withBranches(branches));
            AtomicFiles.write(file, s.emitEncrypted(f, doc), AtomicFiles.Mode.keepOr(AtomicFiles.SHARED),
                    AtomicFiles.Expect.readFrom(in));
            return true;
        }
    }
}
