package dev.sops4j.kms;

import dev.sops4j.core.keys.KmsKeyRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KMS encryption-context bug of sops before 3.3.0 (sops PR #435). Those versions sent KMS a context in which
 * every key carried the same value, one of the configured values, while the file recorded the intended context.
 * Such a data key only decrypts with that degenerate context. sops detects these files by version and context
 * shape, tries each variant, and re-wraps on success. This class gives the engine the detection and the variants
 * to try; re-wrapping is the engine's decision.
 */
public final class KmsLegacyContext {
    private KmsLegacyContext() {
    }

    /** True for files written by a sops version older than 3.3.0. An unparsable version counts as not affected. */
    public static boolean writtenBeforeFix(String fileVersion) {
        int[] v = parse(fileVersion);
        return v != null && compare(v, new int[] {3, 3, 0}) < 0;
    }

    /** True when the key's context has at least two entries and at least two distinct values (the shape sops checks). */
    public static boolean affected(KmsKeyRef ref) {
        return ref.context().size() >= 2 && new LinkedHashSet<>(ref.context().values()).size() > 1;
    }

    /**
     * Copies of {@code ref}, one for each distinct context value in order of first appearance, with every context
     * key mapped to that value. At most one of them decrypts a file that has the bug.
     */
    public static List<KmsKeyRef> variants(KmsKeyRef ref) {
        Set<String> values = new LinkedHashSet<>(ref.context().values());
        List<KmsKeyRef> out = new ArrayList<>();
        for (String value : values) {
            Map<String, String> ctx = new LinkedHashMap<>();
            ref.context().keySet().forEach(k -> ctx.put(k, value));
            out.add(new KmsKeyRef(ref.arn(), ref.role(), ctx, ref.awsProfile(), ref.createdAt(), ref.enc()));
        }
        return out;
    }

    private static int[] parse(String version) {
        if (version == null) {
            return null;
        }
        String core = version.trim().replaceFirst("^v", "").split("[-+]", 2)[0];
        String[] parts = core.split("\\.");
        int[] out = new int[3];
        try {
            for (int i = 0; i < Math.min(3, parts.length); i++) {
                out[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return parts.length == 0 || parts[0].isEmpty() ? null : out;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
