package dev.sops4j.cli.options;

import picocli.CommandLine.Option;

/** Where the result goes: stdout (default), {@code --output FILE} or back into the input file. */
public final class OutputOptions {
    @Option(names = {"-i", "--in-place"}, description = "Write the result back to the input file (atomically).")
    public boolean inPlace;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the result to FILE (atomically).")
    public String output;
}
