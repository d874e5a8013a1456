package dev.sops4j.cli;

/** Process entry point: the only place that calls {@code System.exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(CliContext.system()).run(args);
        System.out.flush();
        System.exit(code);
    }
}
