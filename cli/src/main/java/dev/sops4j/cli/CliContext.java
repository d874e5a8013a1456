package dev.sops4j.cli;

import dev.sops4j.core.env.Environment;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What one CLI invocation runs with: the environment (never {@code System.getenv} elsewhere), the standard streams
 * and whether they are the process' own (child processes then inherit them directly).
 */
public record CliContext(Environment env, InputStream in, PrintStream out, PrintStream err, boolean systemStreams) {

    public static CliContext system() {
        return new CliContext(Environment.system(), System.in, System.out, System.err, true);
    }

    /** Resolves a user-given path against the working directory of this invocation. */
    public Path resolve(String path) {
        return env.workingDirectory().resolve(path).toAbsolutePath().normalize();
    }
}
