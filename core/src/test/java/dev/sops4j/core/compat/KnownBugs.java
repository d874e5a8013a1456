package dev.sops4j.core.compat;

import org.junit.jupiter.api.function.Executable;
import org.opentest4j.TestAbortedException;

/**
 * Checks that still fail because of a discrepancy found by this suite in code owned by another branch. The check
 * always runs: when it passes the test passes; when it fails the test is reported as skipped with the bug's
 * one-line description, unless {@code -Dsops4j.compat.knownBugs=fail} is given, which shows the real failure.
 */
final class KnownBugs {
    private KnownBugs() {
    }

    static void check(String bug, Executable assertion) throws Throwable {
        try {
            assertion.execute();
        } catch (AssertionError | RuntimeException e) {
            if ("fail".equals(System.getProperty("sops4j.compat.knownBugs"))) {
                throw e;
            }
            throw new TestAbortedException("KNOWN BUG (" + bug + "); run with -Dsops4j.compat.knownBugs=fail to see: "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
