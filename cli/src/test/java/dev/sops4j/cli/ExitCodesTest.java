package dev.sops4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FileAlreadyEncryptedException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.error.NotModifiedException;
import dev.sops4j.core.error.TreePathException;
import dev.sops4j.core.error.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodesTest {

    @Test
    void sopsExceptionsCarryTheirCode() {
        assertEquals(51, ExitCodes.codeFor(new MacMismatchException("MAC mismatch")));
        assertEquals(128, ExitCodes.codeFor(new KeyRetrievalException("no key")));
        assertEquals(200, ExitCodes.codeFor(new NotModifiedException("File has not changed, exiting.")));
        assertEquals(203, ExitCodes.codeFor(new FileAlreadyEncryptedException("x")));
        assertEquals(91, ExitCodes.codeFor(new TreePathException("bad")));
        assertEquals(8, ExitCodes.codeFor(new UsageException("conflict")));
        assertEquals(1, ExitCodes.codeFor(new ConfigException("broken")));
        assertEquals(100, ExitCodes.codeFor(new UsageException(ExitCode.NO_FILE_SPECIFIED, "x", null)));
    }

    @Test
    void otherFailures() {
        assertEquals(1, ExitCodes.codeFor(new CommandLine.ParameterException(new Cli(CliContext.system()).commandLine(), "bad")));
        assertEquals(100, ExitCodes.codeFor(new UncheckedIOException(new NoSuchFileException("/x"))));
        assertEquals(2, ExitCodes.codeFor(new UncheckedIOException(new IOException("disk"))));
        assertEquals(1, ExitCodes.codeFor(new IllegalStateException("bug")));
        assertEquals(42, ExitCodes.codeFor(new ExitCodes.ChildExit(42)));
    }

    @Test
    void messagesAreOneLine() {
        assertEquals("first", ExitCodes.messageFor(new InputException("first\nsecond")));
        // "no key could decrypt" keeps its cause, keys and Shamir lines (at most three)
        assertEquals("first\nsecond\nthird", ExitCodes.messageFor(new KeyRetrievalException("first\nsecond\nthird\nfourth")));
        assertEquals("Error: IllegalStateException: bug", ExitCodes.messageFor(new IllegalStateException("bug")));
        assertEquals("Error: no such file: /x", ExitCodes.messageFor(new UncheckedIOException(new NoSuchFileException("/x"))));
    }

    private static KeyRetrievalException noKey(String report, String... causes) {
        var e = new KeyRetrievalException("Failed to get the data key required to decrypt the SOPS file. "
                + "Shortened cause\n" + report);
        for (String c : causes) {
            e.addSuppressed(new KeySourceException(c));
        }
        return e;
    }

    @Test
    void aFileWhoseOnlyKeyIsANexusKeyFailsWithOneLineNamingIt() {
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Not authorized by Nexus: "
                + "spiffe://spike.ist/w may not read secret kek/team-a/app (HTTP 401 access_unauthorized)",
                ExitCodes.messageFor(noKey("Group 0: FAILED (nexus team-a/app)", "not authorized by Nexus: "
                        + "spiffe://spike.ist/w may not read secret kek/team-a/app (HTTP 401 access_unauthorized)")));
        // several keys, other key types, Shamir: sops' report as it is
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Shortened cause\n"
                + "Group 0: FAILED (nexus a; nexus b)", ExitCodes.messageFor(noKey("Group 0: FAILED (nexus a; nexus b)",
                        "x", "y")));
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Shortened cause\n"
                + "Group 0: FAILED (age age1xyz)", ExitCodes.messageFor(noKey("Group 0: FAILED (age age1xyz)", "x")));
        assertEquals("Failed to get the data key required to decrypt the SOPS file. Shortened cause\n"
                + "Group 0: FAILED (nexus a). Group 1: FAILED (nexus b)", ExitCodes.messageFor(noKey(
                        "Group 0: FAILED (nexus a). Group 1: FAILED (nexus b)", "x", "y")));
    }

    @Test
    void reportPrintsOneLineUnlessVerbose() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(51, ExitCodes.report(new MacMismatchException("MAC mismatch"), err, false));
        assertEquals("MAC mismatch\n", buf.toString(StandardCharsets.UTF_8));
        buf.reset();
        ExitCodes.report(new MacMismatchException("MAC mismatch"), err, true);
        String verbose = buf.toString(StandardCharsets.UTF_8);
        assertEquals("MAC mismatch", verbose.lines().findFirst().orElseThrow());
        assertEquals(true, verbose.lines().count() > 2);
        buf.reset();
        assertEquals(3, ExitCodes.report(new ExitCodes.ChildExit(3), err, false));
        assertEquals("", buf.toString(StandardCharsets.UTF_8), "a child's status passes through silently");
    }
}
