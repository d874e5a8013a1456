package dev.sops4j.cli;

import java.net.URI;
import java.util.List;
import javax.crypto.Cipher;

/**
 * Starts the JCE's one-time set-up on a background thread while the main thread parses the command line. The
 * first {@code javax.crypto} call initialises the JCE, which makes an {@code http:} URL; the first such URL looks
 * for {@code URLStreamHandlerProvider}s on the class path, opening every jar on it. That costs about as much as
 * the decryption itself and does not depend on anything the command does, so it can overlap picocli's work.
 * Nothing is printed and nothing fails: the command still performs the same set-up itself if this has not
 * finished (the JVM then waits for the class initialisation in progress).
 */
final class CryptoWarmup {
    /** Arguments after which no cryptography follows: not worth a thread. */
    private static final List<String> NO_CRYPTO = List.of("--version", "-V", "--help", "-h", "help", "completion");

    private CryptoWarmup() {
    }

    static void start(String[] args) {
        if (args.length == 0 || NO_CRYPTO.contains(args[0]) || List.of(args).contains("--help")) {
            return;
        }
        Thread t = new Thread(CryptoWarmup::warm, "sops4j-crypto-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void warm() {
        try {
            // the class-path scan first: it is most of the cost, and the JCE set-up below reuses its result
            URI.create("http://localhost/").toURL();
            Cipher.getInstance("AES/GCM/NoPadding");
        } catch (Exception | LinkageError ignored) {
            // only a head start: the command reports any real problem itself
        }
    }
}
