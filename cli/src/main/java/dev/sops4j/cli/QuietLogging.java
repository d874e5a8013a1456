package dev.sops4j.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Keeps library log lines (java-spiffe's {@code INFO: Received X509Context update}, gRPC, the AWS SDK, Netty, all
 * through java.util.logging or its bridges) off a command's stderr: a CLI's stderr carries only its own one-line
 * errors. With {@code --verbose} (anywhere in the arguments) the JDK's default logging is left in place.
 */
final class QuietLogging {
    /** Loggers held strongly so the JDK cannot collect them and forget their level. */
    private static final List<Logger> HELD = new java.util.ArrayList<>();

    private QuietLogging() {
    }

    static void apply(String[] args) {
        if (List.of(args).contains("--verbose")) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.OFF);
        HELD.add(root);
        // SLF4J/commons-logging simple back-ends read these properties; they must not print either.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.NoOpLog");
    }
}
