package dev.sops4j.cli;

import dev.sops4j.core.DeepStack;

/**
 * Process entry point: the only place that ends the process. The command runs on a thread with a stack for the
 * deepest tree sops accepts ({@link DeepStack}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        QuietLogging.apply(args);
        UrlHandlers.install();
        CryptoWarmup.start(args);
        int code = DeepStack.call(() -> new Cli(CliContext.system()).run(args));
        System.out.flush();
        if (code == 0 && onlyDaemonsLeft()) {
            // Returning ends the JVM with status 0 once the shutdown hooks have run, as System.exit(0) would, but
            // without Runtime.exit's logger look-up: System.getLogger searches the class path for LoggerFinder
            // providers, opening every jar on it (some 110: 50-70 ms of CPU on every run; see UrlHandlers).
            return;
        }
        System.exit(code);
    }

    /** No thread that would keep the JVM alive after {@code main} returns (a client's pool, a command's worker). */
    private static boolean onlyDaemonsLeft() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        if (n == threads.length) {
            return false; // more than counted a moment ago: do not guess
        }
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon()) {
                return false;
            }
        }
        return true;
    }
}
