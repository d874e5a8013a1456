package dev.sops4j.core.engine;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeyRetrievalException;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KeySources;
import dev.sops4j.core.secret.SecretBytes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Wraps a data key for key groups (Shamir-split across groups when there are several) and recovers it again,
 * trying the keys of each group in decryption order.
 */
final class DataKeys {
    static final int DATA_KEY_BYTES = 32;

    private final KeySources sources;
    private final SecureRandom random;

    DataKeys(KeySources sources, SecureRandom random) {
        this.sources = sources;
        this.random = random;
    }

    SecretBytes generate() {
        byte[] k = new byte[DATA_KEY_BYTES];
        random.nextBytes(k);
        return SecretBytes.wrap(k);
    }

    /** The effective threshold written to the file: the number of groups when unset and there are several. */
    static int effectiveThreshold(List<KeyGroup> groups, int threshold) {
        return threshold == 0 && groups.size() > 1 ? groups.size() : threshold;
    }

    /** Every key of every group, with {@code enc} set to its group's part of {@code dataKey}. */
    List<KeyGroup> wrap(List<KeyGroup> groups, int threshold, SecretBytes dataKey) {
        if (groups.isEmpty()) {
            throw new KeySourceException(ExitCode.GENERIC,
                    "No keys to encrypt the data key with: give at least one master key", null);
        }
        List<byte[]> parts = new ArrayList<>();
        byte[] key = dataKey.copy();
        try {
            if (groups.size() == 1) {
                parts.add(key.clone());
            } else {
                try {
                    parts.addAll(Arrays.asList(
                            Shamir.split(key, groups.size(), effectiveThreshold(groups, threshold), random)));
                } catch (IllegalArgumentException e) {
                    throw new KeySourceException(ExitCode.GENERIC,
                            "could not split data key into parts for Shamir: " + e.getMessage(), e);
                }
            }
            List<KeyGroup> out = new ArrayList<>(groups.size());
            for (int i = 0; i < groups.size(); i++) {
                List<KeyRef> wrapped = new ArrayList<>();
                for (KeyRef ref : groups.get(i).keys()) {
                    try (SecretBytes part = SecretBytes.copyOf(parts.get(i))) {
                        wrapped.add(sources.wrap(ref, part));
                    }
                }
                out.add(new KeyGroup(wrapped));
            }
            return out;
        } finally {
            Arrays.fill(key, (byte) 0);
            parts.forEach(p -> Arrays.fill(p, (byte) 0));
        }
    }

    /** Recovers the data key; failure lists every key tried and why, in one line. */
    SecretBytes recover(List<KeyGroup> groups, int threshold, List<String> decryptionOrder) {
        List<byte[]> parts = new ArrayList<>();
        List<String> groupReports = new ArrayList<>();
        List<Throwable> causes = new ArrayList<>();
        try {
            for (int g = 0; g < groups.size(); g++) {
                List<String> failures = new ArrayList<>();
                byte[] part = null;
                for (KeyRef ref : ordered(groups.get(g).keys(), decryptionOrder)) {
                    try (SecretBytes s = sources.unwrap(ref)) {
                        part = s.copy();
                        break;
                    } catch (RuntimeException e) {
                        failures.add(ref.type() + " " + ref.describe() + ": " + oneLine(e.getMessage()));
                        causes.add(e);
                    }
                }
                if (part != null) {
                    parts.add(part);
                    groupReports.add("Group " + g + ": SUCCESS");
                } else {
                    groupReports.add("Group " + g + ": FAILED ("
                            + (failures.isEmpty() ? "no keys" : String.join("; ", failures)) + ")");
                }
            }
            if (groups.size() > 1) {
                int needed = effectiveThreshold(groups, threshold);
                if (parts.size() < needed) {
                    throw failure(String.join(". ", groupReports) + ". Recovery failed because the file was "
                            + "encrypted with a Shamir threshold of " + needed + ", but only " + parts.size()
                            + " part(s) were successfully recovered", causes);
                }
                try {
                    return SecretBytes.wrap(Shamir.combine(parts));
                } catch (IllegalArgumentException e) {
                    throw failure("could not get data key from shamir parts: " + e.getMessage(), causes);
                }
            }
            if (parts.size() != 1) {
                throw failure(groups.isEmpty() ? "the file has no key groups" : String.join(". ", groupReports),
                        causes);
            }
            return SecretBytes.copyOf(parts.get(0));
        } finally {
            parts.forEach(p -> Arrays.fill(p, (byte) 0));
        }
    }

    private static KeyRetrievalException failure(String detail, List<Throwable> causes) {
        KeyRetrievalException e = new KeyRetrievalException(
                "Failed to get the data key required to decrypt the SOPS file. " + detail);
        causes.forEach(e::addSuppressed);
        return e;
    }

    /** Keys sorted by their type's position in {@code order}; unlisted types last; otherwise stable. */
    static List<KeyRef> ordered(List<KeyRef> keys, List<String> order) {
        List<KeyRef> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparingInt(k -> {
            int i = order.indexOf(k.type());
            return i < 0 ? order.size() : i;
        }));
        return sorted;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
