package dev.sops4j.cli.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code /proc/self/fd/N} entry of a file this process has open. It names the open file itself, whatever
 * happened to its name since: {@code stat} through it is {@code fstat}, {@code chmod} through it is {@code fchmod}.
 * Java has neither for a channel; Linux has this. Elsewhere the entry is absent and callers fall back to the name.
 */
final class ProcFd {
    private static final Path SELF = Path.of("/proc/self/fd");
    /** How far either side of the last descriptor found {@link #of} looks before it lists them all. */
    private static final int NEAR = 24;
    /** The descriptor found last (by any thread): a new one is the lowest free number, usually close to it. */
    private static final AtomicInteger LAST = new AtomicInteger(-1);

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
        Optional<Path> near = near(realPath);
        if (near.isPresent()) {
            return near;
        }
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
            if (leadsTo(fd, realPath)) {
                LAST.set(number(fd));
                return Optional.of(fd);
            }
        }
        return Optional.empty();
    }

    /**
     * The entry among the numbers next to the last one found, or empty: in a batch, where threads open and close
     * files all the time, listing the directory for each file (a hundred jars and more) cost more than the
     * file's own work. Which entry matches is decided by its link alone, as in the full search.
     */
    private static Optional<Path> near(Path realPath) {
        int last = LAST.get();
        if (last < 0) {
            return Optional.empty();
        }
        for (int d = 0; d <= NEAR; d++) {
            for (int n : d == 0 ? new int[] {last} : new int[] {last + d, last - d}) {
                Path fd = SELF.resolve(Integer.toString(n));
                if (n >= 0 && leadsTo(fd, realPath)) {
                    LAST.set(n);
                    return Optional.of(fd);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean leadsTo(Path fd, Path realPath) {
        try {
            return Files.readSymbolicLink(fd).equals(realPath);
        } catch (IOException closedOrAbsent) {
            // another thread's descriptor, closed since the listing, or no such number
            return false;
        }
    }

    private static int number(Path fd) {
        try {
            return Integer.parseInt(fd.getFileName().toString());
        } catch (NumberFormatException notADescriptor) {
            return -1;
        }
    }
}
