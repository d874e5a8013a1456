package dev.sops4j.cli.io;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.io.Chunked;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bytes a command works on: a file (absolute path) or standard input ({@code path} empty), and the identity
 * of the file they were read from, so an in-place write can check it still replaces that file.
 */
public record Input(Optional<Path> path, byte[] bytes, Optional<FileIdentity> identity, boolean noFollow) {
    public Input(Optional<Path> path, byte[] bytes) {
        this(path, bytes, Optional.empty(), false);
    }

    /** Reads a file the user named: a symbolic link is followed, as sops does. */
    public static Input read(Path file) {
        if (!Files.exists(file)) {
            throw nonExistent(file);
        }
        try {
            // the identity first: a file replaced between the two is then refused at write time, never overwritten
            Optional<FileIdentity> identity = FileIdentity.of(file);
            return new Input(Optional.of(file), Chunked.readAll(file), identity, false);
        } catch (IOException e) {
            throw new InputException("Error reading file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file found by a directory walk: a symbolic link there (swapped in since the walk) is refused, and
     * an in-place write to it must not follow one either.
     */
    public static Input readNoFollow(Path file) {
        try {
            Optional<FileIdentity> identity = FileIdentity.of(file, LinkOption.NOFOLLOW_LINKS);
            if (identity.isEmpty()) {
                throw nonExistent(file);
            }
            return new Input(Optional.of(file), Chunked.readAll(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS), identity, true);
        } catch (IOException e) {
            throw new InputException("Error reading file " + file + ": "
                    + (Files.isSymbolicLink(file) ? "it became a symbolic link, which --recursive does not follow"
                    : e instanceof FileSystemException fse ? fse.getReason() : e.getMessage()), e);
        }
    }

    public static Input stdin(InputStream in) {
        try {
            return new Input(Optional.empty(), in.readAllBytes());
        } catch (IOException e) {
            throw new InputException("Error reading from stdin: " + e.getMessage(), e);
        }
    }

    public static UsageException nonExistent(Path file) {
        return new UsageException(ExitCode.NO_FILE_SPECIFIED,
                "Error: cannot operate on non-existent file \"" + file + "\"", null);
    }

    public String name() {
        return path.map(Path::toString).orElse("stdin");
    }
}
