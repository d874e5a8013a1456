package dev.sops4j.cli.io;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bytes a command works on: a file (absolute path) or standard input ({@code path} empty), and the identity
 * of the file they were read from, so an in-place write can check it still replaces that file.
 */
public record Input(Optional<Path> path, byte[] bytes, Optional<FileIdentity> identity) {
    public Input(Optional<Path> path, byte[] bytes) {
        this(path, bytes, Optional.empty());
    }

    public static Input read(Path file) {
        if (!Files.exists(file)) {
            throw nonExistent(file);
        }
        try {
            // the key first: a file replaced between the two is then refused at write time, never overwritten
            Optional<FileIdentity> identity = FileIdentity.of(file);
            return new Input(Optional.of(file), Files.readAllBytes(file), identity);
        } catch (IOException e) {
            throw new InputException("Error reading file " + file + ": " + e.getMessage(), e);
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
