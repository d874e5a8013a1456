package dev.sops4j.cli.options;

import picocli.CommandLine.Option;

/** How input and output are typed and laid out. */
public final class FormatOptions {
    @Option(names = "--input-type", paramLabel = "TYPE", description = "json, yaml, dotenv, ini or binary (default: from the extension).")
    public String inputType;

    @Option(names = "--output-type", paramLabel = "TYPE", description = "json, yaml, dotenv, ini or binary (default: from the extension).")
    public String outputType;

    @Option(names = "--indent", paramLabel = "N", description = "Indentation of YAML/JSON output (JSON: -1 = tab).")
    public Integer indent;

    @Option(names = "--filename-override", paramLabel = "NAME",
            description = "Use this name to pick the format and the .sops.yaml rule (e.g. for stdin).")
    public String filenameOverride;
}
