package dev.sops4j.cli.options;

import dev.sops4j.core.error.UsageException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What exec-env and exec-file share: the file, the command, {@code --ignore-mac} and the sops flags we refuse. */
public final class ExecOptions {
    @Option(names = "--ignore-mac", description = "Decrypt even when the MAC does not match.")
    public boolean ignoreMac;

    @Option(names = "--user", paramLabel = "USER", description = "Not supported by sops4j.")
    public String user;

    @Option(names = "--background", description = "Deprecated in sops; not supported.")
    public boolean background;

    @Parameters(index = "0", paramLabel = "FILE")
    public String file;

    @Parameters(index = "1", paramLabel = "COMMAND")
    public String command;

    /** sops' {@code --user} and deprecated {@code --background} have no sops4j equivalent. */
    public void rejectUnsupported() {
        if (user != null) {
            throw new UsageException("Error: --user is not supported by sops4j");
        }
        if (background) {
            throw new UsageException("Error: --background is not supported by sops4j");
        }
    }
}
