package dev.sops4j.cli.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link AtomicFiles}' seams: how the random part of a temp name is drawn and a step run right after the temp file
 * is created (tests plant links there), plus the process-level test hook {@value #PAUSE_PROPERTY}: after the temp
 * file is written, create that marker file and wait to be killed (signal tests).
 */
record WriteHooks(Supplier<String> randomPart, Consumer<Path> afterCreate) {
    static final String PAUSE_PROPERTY = "sops4j.test.pauseAfterTempWrite";
    static final WriteHooks NONE = new WriteHooks(WriteHooks::random, p -> { });

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String random() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void pauseForTests() {
        String marker = System.getProperty(PAUSE_PROPERTY);
        if (marker == null) {
            return;
        }
        try {
            Files.writeString(Path.of(marker), "paused\n");
            Thread.sleep(600_000);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("test pause failed", e);
        }
    }
}
