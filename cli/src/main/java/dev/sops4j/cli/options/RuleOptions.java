package dev.sops4j.cli.options;

import picocli.CommandLine.Option;

/** Which values get encrypted (at most one of the six rules) and what the MAC covers. */
public final class RuleOptions {
    @Option(names = "--unencrypted-suffix", paramLabel = "S", description = "Keys with this suffix stay clear (default _unencrypted).")
    public String unencryptedSuffix;

    @Option(names = "--encrypted-suffix", paramLabel = "S", description = "Only keys with this suffix are encrypted.")
    public String encryptedSuffix;

    @Option(names = "--unencrypted-regex", paramLabel = "RE", description = "Keys matching stay clear.")
    public String unencryptedRegex;

    @Option(names = "--encrypted-regex", paramLabel = "RE", description = "Only keys matching are encrypted.")
    public String encryptedRegex;

    @Option(names = "--unencrypted-comment-regex", paramLabel = "RE", description = "Values after a matching comment stay clear.")
    public String unencryptedCommentRegex;

    @Option(names = "--encrypted-comment-regex", paramLabel = "RE", description = "Only values after a matching comment are encrypted.")
    public String encryptedCommentRegex;

    @Option(names = "--mac-only-encrypted", description = "Compute the MAC over encrypted values only.")
    public boolean macOnlyEncrypted;
}
