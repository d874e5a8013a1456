package dev.sops4j.cli.batch;

import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.core.error.OutputException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code --output-dir OUT}: where each source file's result lands. Files under the {@code -R} directory (or, for
 * file arguments, under the working directory) keep their relative path below OUT; any other file lands directly
 * in OUT by its name. Directories this creates are 0700, files are written atomically with mode 0600.
 */
public final class OutputTree {
    /** Mode of the directories created under OUT (and of OUT itself when it is created). */
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path out;
    private final Path base;

    /** {@code base} is the {@code -R} directory, or the working directory for file arguments. */
    public OutputTree(Path out, Path base) {
        this.out = out.toAbsolutePath().normalize();
        this.base = base.toAbsolutePath().normalize();
    }

    /** The target of {@code source} under OUT. */
    public Path targetOf(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        Path rel = abs.startsWith(base) && !abs.equals(base) ? base.relativize(abs) : abs.getFileName();
        return out.resolve(rel).normalize();
    }

    /** Writes {@code plaintext} for {@code source}, creating the missing directories 0700; refuses to overwrite it. */
    public void write(Path source, byte[] plaintext) {
        Path target = targetOf(source);
        if (target.equals(source.toAbsolutePath().normalize())) {
            throw new OutputException("Error: --output-dir " + out + " would overwrite the source " + source, null);
        }
        makeDirectories(target.getParent());
        AtomicFiles.writeWithMode(target, plaintext, AtomicFiles.PRIVATE);
    }

    /** Creates {@code dir} and its missing parents, each 0700. */
    public static synchronized void makeDirectories(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            makeDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            // the attribute is filtered by the umask: set the mode explicitly
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new OutputException("Error: cannot create directory " + dir + ": a file of that name exists", e);
            }
        } catch (IOException e) {
            throw new OutputException("Error: cannot create directory " + dir + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
