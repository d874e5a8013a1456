package dev.sops4j.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.OutputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer in a directory somebody else can write: links planted at the temp name before the write, or swapped in
 * for the temp file or the target while it runs (driven deterministically through {@link WriteHooks}).
 */
class AtomicFilesTest {
    private static final byte[] NEW = "new content\n".getBytes();

    @TempDir
    Path dir;

    private Path outside;
    private Path target;

    @BeforeEach
    void files() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        outside = elsewhere.resolve("root-only");
        Files.writeString(outside, "outside\n");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectory(dir.resolve("shared"));
        target = dir.resolve("shared/app.yaml");
        Files.writeString(target, "old\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    }

    private static WriteHooks names(List<String> parts, Consumer<Path> afterCreate) {
        Iterator<String> it = parts.iterator();
        return new WriteHooks(it::next, afterCreate);
    }

    /** A hook step that may throw IOException (rethrown unchecked: it fails the test). */
    private interface IoStep {
        void run(Path tmp) throws IOException;
    }

    private static Consumer<Path> io(IoStep step) {
        return tmp -> {
            try {
                step.run(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private Path tempName(String part) {
        return target.resolveSibling(".app.yaml." + part + ".sops4j-tmp");
    }

    private void outsideUntouched() throws IOException {
        assertEquals("outside\n", Files.readString(outside));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
    }

    private void noTempFilesLeft() throws IOException {
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".sops4j-tmp"))
                    .filter(p -> !Files.isSymbolicLink(p)).toList());
        }
    }

    @Test
    void aLinkPlantedAtTheTempNameIsNeitherFollowedNorRemoved() throws IOException {
        Files.createSymbolicLink(tempName("aaaa"), outside);
        AtomicFiles.write(target, NEW, AtomicFiles.Mode.keepOr(AtomicFiles.SHARED), AtomicFiles.Expect.NOTHING,
                names(List.of("aaaa", "bbbb"), p -> { }));
        assertEquals("new content\n", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        outsideUntouched();
        assertTrue(Files.isSymbolicLink(tempName("aaaa")), "somebody else's link is left alone");
        assertFalse(Files.exists(tempName("bbbb"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aTempFileSwappedForALinkIsNeverChmoddedNorRenamed() throws IOException {
        // an existing 0640 target under a umask that keeps 0640 still takes the exact-mode path only when needed;
        // Exactly(0644) forces the mode change on the swapped name
        Consumer<Path> swap = io(tmp -> {
            Files.delete(tmp);
            Files.createSymbolicLink(tmp, outside);
        });
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, NEW,
                AtomicFiles.Mode.exactly(PosixFilePermissions.fromString("rw-r--r--")), AtomicFiles.Expect.NOTHING,
                names(List.of("cccc"), swap)));
        assertEquals("could not write " + target
                + ": its temporary file was replaced while it was being written (is the directory shared?)", e.getMessage());
        outsideUntouched();
        assertEquals("old\n", Files.readString(target));
        assertFalse(Files.exists(tempName("cccc"), LinkOption.NOFOLLOW_LINKS), "the planted link is removed");
    }

    @Test
    void aHardLinkSwappedInForTheTempFileIsNeverChmodded() throws IOException {
        Path moved = dir.resolve("shared/moved-away");
        Consumer<Path> swap = io(tmp -> {
            Files.move(tmp, moved);
            Files.createLink(tmp, outside);
        });
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, NEW,
                AtomicFiles.Mode.exactly(PosixFilePermissions.fromString("rw-r--r--")), AtomicFiles.Expect.NOTHING,
                names(List.of("eeee"), swap)));
        assertTrue(e.getMessage().endsWith("its temporary file was replaced while it was being written"
                + " (is the directory shared?)"), e.getMessage());
        outsideUntouched();
        assertEquals("old\n", Files.readString(target));
        // the mode went through the descriptor (fchmod via /proc/self/fd) to the file we wrote, wherever it went
        assertEquals("new content\n", Files.readString(moved));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(moved)));
    }

    @Test
    void aSecondNameGivenToTheTempFileIsRefusedBeforeTheRename() throws IOException {
        Path kept = dir.resolve("shared/kept-a-copy");
        Consumer<Path> link = io(tmp -> {
            Files.createLink(kept, tmp);
        });
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, NEW,
                AtomicFiles.Mode.exactly(AtomicFiles.PRIVATE), AtomicFiles.Expect.NOTHING,
                names(List.of("ffff"), link)));
        assertEquals("could not write " + target
                + ": its temporary file was replaced while it was being written (is the directory shared?)", e.getMessage());
        assertEquals("old\n", Files.readString(target));
        assertFalse(Files.exists(tempName("ffff")), "the temp name is removed");
    }

    @Test
    void aTargetReplacedByALinkDuringTheWriteIsRefused() throws IOException {
        Consumer<Path> swap = io(tmp -> {
            Files.delete(target);
            Files.createSymbolicLink(target, outside);
        });
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, NEW,
                AtomicFiles.Mode.keepOr(AtomicFiles.SHARED), AtomicFiles.Expect.NOTHING, names(List.of("dddd"), swap)));
        assertEquals("could not write " + target
                + ": the file was replaced while sops4j was working on it; nothing was written", e.getMessage());
        outsideUntouched();
        assertTrue(Files.isSymbolicLink(target));
        noTempFilesLeft();
    }

    @Test
    void aTargetThatIsNoLongerTheFileThatWasReadIsRefused() throws IOException {
        Optional<FileIdentity> read = FileIdentity.of(target);
        Files.delete(target);
        Files.writeString(target, "swapped in\n");
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, NEW,
                AtomicFiles.Mode.keepOr(AtomicFiles.SHARED), AtomicFiles.Expect.sameFile(read)));
        assertTrue(e.getMessage().endsWith("the file was replaced while sops4j was working on it; nothing was written"));
        assertEquals("swapped in\n", Files.readString(target));
        noTempFilesLeft();
    }

    @Test
    void aLinkTheCallerNamedIsFollowedOnceAndItsTargetKeepsItsInodeDecision() throws IOException {
        Path link = dir.resolve("link.yaml");
        Files.createSymbolicLink(link, target);
        Optional<FileIdentity> read = FileIdentity.of(link);
        AtomicFiles.write(link, NEW, AtomicFiles.Mode.keepOr(AtomicFiles.SHARED),
                AtomicFiles.Expect.sameFile(read));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new content\n", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aFileTheWalkFoundThatBecameALinkIsRefusedNotFollowed() throws IOException {
        Input in = Input.readNoFollow(target);
        Files.delete(target);
        Files.createSymbolicLink(target, outside);
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, NEW,
                AtomicFiles.Mode.keepOr(AtomicFiles.PRIVATE), AtomicFiles.Expect.readFrom(in)));
        assertEquals("could not write " + target + ": it became a symbolic link", e.getMessage());
        outsideUntouched();
        InputException read = assertThrows(InputException.class, () -> Input.readNoFollow(target));
        assertEquals("Error reading file " + target + ": it became a symbolic link, which --recursive does not follow",
                read.getMessage());
    }

    @Test
    void aHardLinkedFileIsRefusedWhenItsPlaintextWouldStayBehind() throws IOException {
        Path other = dir.resolve("other-link.yaml");
        Files.createLink(other, target);
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, NEW,
                AtomicFiles.Mode.keepOr(AtomicFiles.SHARED), AtomicFiles.Expect.NOTHING.andSingleLink()));
        assertEquals("could not write " + target + ": it has 2 hard links, and replacing it would leave the plaintext"
                + " readable through the others; remove the other links (or write to --output) first", e.getMessage());
        assertEquals("old\n", Files.readString(other));
        assertEquals("old\n", Files.readString(target));
    }

    @Test
    void anExplicitModeAppliesToAnExistingFile() throws IOException {
        AtomicFiles.write(target, NEW, AtomicFiles.Mode.exactly(AtomicFiles.PRIVATE));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        AtomicFiles.write(target, NEW, AtomicFiles.SHARED);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
                "the old signature keeps an existing file's mode");
    }

    @Test
    void anExistingFileKeepsItsOwnerAndGroupAsWithSopsInPlaceWrite() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
        var users = target.getFileSystem().getUserPrincipalLookupService();
        Files.getFileAttributeView(target, PosixFileAttributeView.class).setOwner(users.lookupPrincipalByName("65534"));
        Files.getFileAttributeView(target, PosixFileAttributeView.class)
                .setGroup(users.lookupPrincipalByGroupName("65534"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.write(target, NEW, AtomicFiles.Mode.exactly(AtomicFiles.PRIVATE));
        PosixFileAttributes after = Files.readAttributes(target, PosixFileAttributes.class);
        assertEquals(65534, Files.getAttribute(target, "unix:uid"));
        assertEquals(65534, Files.getAttribute(target, "unix:gid"));
        assertEquals("rw-------", PosixFilePermissions.toString(after.permissions()));
        assertEquals("new content\n", Files.readString(target));
    }

    @Test
    void aMissingDirectoryIsNamedNotTheTempFile() {
        Path missing = dir.resolve("missing/dir/x.yaml");
        OutputException e = assertThrows(OutputException.class,
                () -> AtomicFiles.write(missing, NEW, AtomicFiles.SHARED));
        assertEquals("could not write " + missing + ": directory " + missing.getParent() + " does not exist",
                e.getMessage());
    }

    @Test
    void errorReasonsNeverNameTheTempFile() {
        Path d = Path.of("/repo/dir");
        String tmp = "/repo/dir/.x.yaml.0123.sops4j-tmp";
        assertEquals("permission denied (cannot create or replace files in /repo/dir)",
                AtomicFiles.reason(new java.nio.file.AccessDeniedException(tmp), d));
        assertEquals("No space left on device",
                AtomicFiles.reason(new java.nio.file.FileSystemException(tmp, null, "No space left on device"), d));
        assertEquals("directory /repo/dir disappeared", AtomicFiles.reason(new java.nio.file.NoSuchFileException(tmp), d));
    }

    @Test
    void aReadOnlyDirectoryIsAPermissionProblemNotATempFile() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores directory permissions");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
        Path x = ro.resolve("x.yaml");
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(x, NEW, AtomicFiles.SHARED));
        assertEquals("could not write " + x + ": permission denied (cannot create or replace files in " + ro + ")",
                e.getMessage());
    }
}
