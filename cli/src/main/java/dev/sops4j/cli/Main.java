package dev.sops4j.cli;

import dev.sops4j.core.DeepStack;

/**
 * Process entry point: the only place that calls {@code System.exit}. The command runs on a thread with a stack
 * for the deepest tree sops accepts ({@link DeepStack}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        QuietLogging.apply(args);
        CryptoWarmup.start(args);
        int code = DeepStack.call(() -> new Cli(CliContext.system()).run(args));
        System.out.flush();
        System.exit(code);
    }
}
