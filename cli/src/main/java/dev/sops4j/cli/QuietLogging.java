package dev.sops4j.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.LogManager;

/**
 * Keeps library log lines (java-spiffe's {@code INFO: Received X509Context update}, gRPC, the AWS SDK, Netty, all
 * through java.util.logging or its bridges) off a command's stderr: a CLI's stderr carries only its own one-line
 * errors. With {@code --verbose} (anywhere in the arguments) the JDK's default logging is left in place.
 *
 * <p>Nothing is initialised here: most commands never log, and setting up java.util.logging costs start-up time.
 * The JDK reads {@link Config} when something first asks for a logger.
 */
public final class QuietLogging {
    private QuietLogging() {
    }

    static void apply(String[] args) {
        if (List.of(args).contains("--verbose")) {
            return;
        }
        System.setProperty("java.util.logging.config.class", Config.class.getName());
        // SLF4J/commons-logging simple back-ends read these properties; they must not print either.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        System.setProperty("org.apache.commons.logging.Log", "org.apache.commons.logging.impl.NoOpLog");
    }

    /** The initial java.util.logging configuration (made by the JDK's LogManager): no handlers, every level off. */
    public static final class Config {
        public Config() throws IOException {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream("handlers=\n.level=OFF\n".getBytes(StandardCharsets.ISO_8859_1)));
        }
    }
}
