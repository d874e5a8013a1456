package dev.sops4j.cli;

import dev.sops4j.core.cipher.AesGcmValueCipher;
import dev.sops4j.core.text.AsciiScan;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Cipher;

/**
 * Starts the JCE's one-time set-up on a background thread while the main thread parses the command line: it does
 * not depend on anything the command does, so it can overlap picocli's work. (Its {@code http:} URL no longer
 * searches the class path for handler providers when {@link UrlHandlers} could install the JDK's handlers; without
 * them that search happens here, off the main thread.)
 * Nothing is printed and nothing fails: the command still performs the same set-up itself if this has not
 * finished (the JVM then waits for the class initialisation in progress). When an argument names a file of 1 MiB or
 * more, it also runs the word-at-a-time scans a few hundred times on a short string, so that they are compiled
 * before that file reaches them (a small file would only pay for it), and starts loading libcrypto for the value
 * cipher at once rather than after the file is read.
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
        boolean scans = namesLargeFile(args);
        if (scans) {
            // libcrypto's binding takes ~100 ms to make; begun now it overlaps picocli and the read of the file
            // (the command would begin it anyway once the file is read, see Session.input)
            AesGcmValueCipher.prepareBulk();
        }
        Thread t = new Thread(() -> warm(scans), "sops4j-crypto-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** A heuristic on the raw arguments (names relative to the working directory): a file of 1 MiB or more. */
    private static boolean namesLargeFile(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-") && new File(a).length() >= 1 << 20) {
                return true;
            }
        }
        return false;
    }

    private static void warm(boolean largeFile) {
        if (largeFile) {
            scans();
        }
        try {
            Cipher.getInstance("AES/GCM/NoPadding");
        } catch (Exception | LinkageError ignored) {
            // only a head start: the command reports any real problem itself
        }
    }

    /**
     * Gets the word-at-a-time scans compiled before a large file reaches them: called once on megabytes, such a
     * loop would run in the interpreter until its compilation came through a queue that is long at start-up.
     */
    private static void scans() {
        byte[] text = "ENC[AES256_GCM,data:c29wczRqIHdhcm11cA==,iv:abcdefgh,tag:01234567,type:str]"
                .getBytes(StandardCharsets.US_ASCII);
        int sink = 0;
        for (int i = 0; i < 300; i++) {
            sink += AsciiScan.firstNonAscii(text, i & 7, text.length)
                    + AsciiScan.indexOf(text, (byte) '=', 0, text.length)
                    + AsciiScan.firstJsonSpecial(text, i & 7, text.length, (i & 1) == 0);
        }
        if (sink == 42) {
            Thread.yield(); // keeps the loop from being discarded as dead code
        }
    }
}
