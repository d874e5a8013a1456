package dev.sops4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The sops4j version and the git commit it was built from, as the build wrote them into
 * {@code dev/sops4j/core/sops4j-version.properties}. Local only: never the network. A build outside a git
 * checkout (or without git) records the commit as {@code unknown}.
 *
 * @param version the Maven project version, for example {@code 0.1.0}
 * @param commit the abbreviated git commit, or {@code unknown}
 */
public record Version(String version, String commit) {
    private static final String RESOURCE = "sops4j-version.properties";
    private static final String UNKNOWN = "unknown";

    /** The version of the sops4j-core jar on the class path. */
    public static Version current() {
        return Holder.CURRENT;
    }

    /** {@code <name> <version> (<commit>)}, the first line of {@code --version}. */
    public String line(String programName) {
        return programName + " " + version + " (" + commit + ")";
    }

    static Version parse(InputStream in) throws IOException {
        Properties p = new Properties();
        if (in != null) {
            p.load(in);
        }
        return new Version(clean(p.getProperty("version")), clean(p.getProperty("commit")));
    }

    /** An unfiltered placeholder (a build that skipped filtering) or an empty value reads as unknown. */
    private static String clean(String value) {
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return UNKNOWN;
        }
        return value.trim();
    }

    private static final class Holder {
        static final Version CURRENT = load();

        private static Version load() {
            try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
                return parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
