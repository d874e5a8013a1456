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

    /** One key that was tried and failed. */
    private record Attempt(int group, KeyRef ref, RuntimeException error) {
        KeySourceException.Kind kind() {
            return error instanceof KeySourceException k ? k.kind() : KeySourceException.Kind.OTHER;
        }

        /** The failure without the key's own name (the report names each key once, next to its type). */
        String reason() {
            return withoutKey(oneLine(error.getMessage()), ref.describe());
        }

        String key() {
            return ref.type() + " " + shortened(ref.describe());
        }
    }

    /**
     * Recovers the data key. A failure fits in at most three lines: the likeliest cause (an unreadable key file,
     * then no identities at all, then a wrong key, then anything else), the groups with each key named once, and
     * for Shamir the threshold that was missed. The suppressed exceptions keep every key's full error.
     */
    SecretBytes recover(List<KeyGroup> groups, int threshold, List<String> decryptionOrder) {
        List<byte[]> parts = new ArrayList<>();
        List<Attempt> attempts = new ArrayList<>();
        boolean[] succeeded = new boolean[groups.size()];
        try {
            for (int g = 0; g < groups.size(); g++) {
                byte[] part = null;
                for (KeyRef ref : ordered(groups.get(g).keys(), decryptionOrder)) {
                    try (SecretBytes s = sources.unwrap(ref)) {
                        part = s.copy();
                        break;
                    } catch (RuntimeException e) {
                        attempts.add(new Attempt(g, ref, e));
                    }
                }
                if (part != null) {
                    parts.add(part);
                    succeeded[g] = true;
                }
            }
            if (groups.size() > 1) {
                int needed = effectiveThreshold(groups, threshold);
                if (parts.size() < needed) {
                    throw failure(groups, succeeded, attempts, "Recovery failed because the file was encrypted with a"
                            + " Shamir threshold of " + needed + ", but only " + parts.size()
                            + " part(s) were successfully recovered");
                }
                try {
                    return SecretBytes.wrap(Shamir.combine(parts));
                } catch (IllegalArgumentException e) {
                    throw failure(groups, succeeded, attempts, "could not get data key from shamir parts: "
                            + e.getMessage());
                }
            }
            if (parts.size() != 1) {
                throw failure(groups, succeeded, attempts, null);
            }
            return SecretBytes.copyOf(parts.get(0));
        } finally {
            parts.forEach(p -> Arrays.fill(p, (byte) 0));
        }
    }

    private static KeyRetrievalException failure(List<KeyGroup> groups, boolean[] succeeded, List<Attempt> attempts,
            String shamir) {
        StringBuilder msg = new StringBuilder("Failed to get the data key required to decrypt the SOPS file.");
        Attempt likeliest = attempts.stream().min(Comparator.comparing(Attempt::kind)).orElse(null);
        if (groups.isEmpty()) {
            msg.append(" The file has no key groups");
        } else if (likeliest != null) {
            String reason = likeliest.reason();
            msg.append(' ').append(Character.toUpperCase(reason.charAt(0))).append(reason.substring(1));
        }
        List<String> reports = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            if (succeeded[g]) {
                reports.add("Group " + g + ": SUCCESS");
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (Attempt a : attempts) {
                if (a.group() == g) {
                    keys.add(a == likeliest || a.reason().equals(likeliest.reason()) ? a.key()
                            : a.key() + ": " + a.reason());
                }
            }
            reports.add("Group " + g + ": FAILED (" + (keys.isEmpty() ? "no keys" : String.join("; ", keys)) + ")");
        }
        if (!reports.isEmpty()) {
            msg.append('\n').append(String.join(". ", reports));
        }
        if (shamir != null) {
            msg.append('\n').append(shamir);
        }
        KeyRetrievalException e = new KeyRetrievalException(msg.toString());
        attempts.forEach(a -> e.addSuppressed(a.error()));
        return e;
    }

    /**
     * {@code message} without the key's name: the whole name, or a source's own shortened form of it (its first
     * characters up to the next separator).
     */
    static String withoutKey(String message, String key) {
        if (key.isEmpty()) {
            return message;
        }
        // a long key (post-quantum age, ssh-rsa) may appear in a source's own shortened form: match its start
        String prefix = key.length() > LONG_KEY ? key.substring(0, 40) : key;
        StringBuilder out = new StringBuilder(message);
        int i;
        while ((i = out.indexOf(prefix)) >= 0) {
            boolean whole = out.indexOf(key, i) == i;
            int end = i + (whole ? key.length() : prefix.length());
            while (!whole && end < out.length() && ":;,)".indexOf(out.charAt(end)) < 0) {
                end++;
            }
            int start = i;
            for (String lead : new String[] {" for recipient ", " recipient ", " "}) {
                if (start >= lead.length() && out.substring(start - lead.length(), start).equals(lead)) {
                    start -= lead.length();
                    break;
                }
            }
            out.delete(start, end);
        }
        return out.toString();
    }

    /** Long recipients (post-quantum age, ssh-rsa) are shortened to their start and end. */
    static String shortened(String key) {
        return key.length() <= LONG_KEY ? key : key.substring(0, 40) + "..." + key.substring(key.length() - 12);
    }

    /** Keys longer than this are shortened in messages (age X25519 recipients and KMS ARNs are shown whole). */
    private static final int LONG_KEY = 120;

    /** Keys sorted by their type's position in {@code order}; unlisted types last; otherwise stable. */
    static List<KeyRef> ordered(List<KeyRef> keys, List<String> order) {
        // Each listed type in turn, then the rest, each in file order (a stable sort, without a comparator lambda:
        // linking one cost every thread of a batch its first file's time).
        List<KeyRef> sorted = new ArrayList<>(keys.size());
        for (int t = 0; t < order.size(); t++) {
            if (order.indexOf(order.get(t)) != t) {
                continue; // a type listed twice counts where it is first listed
            }
            for (KeyRef k : keys) {
                if (k.type().equals(order.get(t))) {
                    sorted.add(k);
                }
            }
        }
        for (KeyRef k : keys) {
            if (!order.contains(k.type())) {
                sorted.add(k);
            }
        }
        return sorted;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
