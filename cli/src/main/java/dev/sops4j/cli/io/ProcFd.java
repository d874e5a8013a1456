package dev.sops4j.cli.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code /proc/self/fd/N} entry of a file this process has open. It names the open file itself, whatever
 * happened to its name since: {@code stat} through it is {@code fstat}, {@code chmod} through it is {@code fchmod}.
 * Java has neither for a channel; Linux has this. Elsewhere the entry is absent and callers fall back to the name.
 */
final class ProcFd {
    private static final Path SELF = Path.of("/proc/self/fd");

    private ProcFd() {
    }

    /**
     * The entry whose link reads {@code realPath}: a file opened with O_EXCL a moment ago by this process, so the
     * only descriptor on that name. Empty when there is no /proc, or the name no longer leads to it (renamed away).
     *
     * <p>The highest descriptors are read first: a descriptor opened a moment ago is the lowest free number, above
     * the jars and sockets the process opened at start-up, so the newest are near the top. Reading every link in
     * order cost a batch of 200 files 28,000 {@code readlink} calls (the class path alone holds ~110 jars open).
     */
    static Optional<Path> of(Path realPath) {
        if (!Files.isDirectory(SELF)) {
            return Optional.empty();
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(SELF)) {
            fds.forEach(entries::add);
        } catch (IOException noProc) {
            return Optional.empty();
        }
        entries.sort(Comparator.comparingInt(ProcFd::number).reversed());
        for (Path fd : entries) {
            try {
                if (Files.readSymbolicLink(fd).equals(realPath)) {
                    return Optional.of(fd);
                }
            } catch (IOException closedMeanwhile) {
                // another thread's descriptor, closed since the listing
            }
        }
        return Optional.empty();
    }

    private static int number(Path fd) {
        try {
            return Integer.parseInt(fd.getFileName().toString());
        } catch (NumberFormatException notADescriptor) {
            return -1;
        }
    }
}
