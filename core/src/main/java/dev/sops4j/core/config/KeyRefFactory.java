package dev.sops4j.core.config;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.keys.UnknownKeyRef;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.StrValue;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the comma-separated key lists of flags, environment variables and .sops.yaml into key references, as sops
 * does: blanks trimmed, empty items dropped, {@code created_at} stamped now for PGP and KMS keys.
 */
public final class KeyRefFactory {
    private final Clock clock;

    public KeyRefFactory(Clock clock) {
        this.clock = clock;
    }

    /** Splits {@code "a, b,,c"} into {@code [a, b, c]}. */
    public static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        if (csv == null) {
            return out;
        }
        for (String s : csv.split(",")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public List<KeyRef> age(List<String> recipients) {
        List<KeyRef> out = new ArrayList<>();
        for (String r : recipients) {
            out.add(AgeKeyRef.of(r));
        }
        return out;
    }

    public List<KeyRef> pgp(List<String> fingerprints) {
        List<KeyRef> out = new ArrayList<>();
        for (String f : fingerprints) {
            out.add(new PgpKeyRef(f.replace(" ", ""), now(), ""));
        }
        return out;
    }

    /**
     * {@code arn[+roleArn]} entries, all with the same context and profile. Spaces are removed; the role starts at
     * {@code +arn:} (sops only splits on {@code +arn:aws:iam::}, which this includes).
     */
    public List<KeyRef> kms(List<String> arns, Map<String, String> context, String awsProfile) {
        List<KeyRef> out = new ArrayList<>();
        for (String raw : arns) {
            String a = raw.replace(" ", "");
            int plus = a.indexOf("+arn:");
            String arn = plus < 0 ? a : a.substring(0, plus);
            String role = plus < 0 ? "" : a.substring(plus + 1);
            out.add(kms(arn, role, context, awsProfile));
        }
        return out;
    }

    /** sops4j's own key type: logical key names held in SPIKE Nexus. */
    public List<KeyRef> nexus(List<String> names) {
        List<KeyRef> out = new ArrayList<>();
        for (String n : names) {
            out.add(new NexusKeyRef(n, now(), ""));
        }
        return out;
    }

    public KmsKeyRef kms(String arn, String role, Map<String, String> context, String awsProfile) {
        return new KmsKeyRef(arn, role, context, awsProfile, now(), "");
    }

    /**
     * A key of a type sops4j cannot wrap for (gcp_kms, azure_kv, hc_vault, hckms): kept as an unknown reference so
     * the caller can name it in a "not supported by sops4j" error.
     */
    public KeyRef unsupported(String type, String field, String id) {
        List<MapEntry> fields = List.of(new Pair(field, new StrValue(id)), new Pair("enc", new StrValue("")));
        return new UnknownKeyRef(type, new Mapping(fields));
    }

    /** Parses {@code --encryption-context k1:v1,k2:v2}: exactly one colon per pair, nothing trimmed (exit 6). */
    public static Map<String, String> parseContext(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String item : text.split(",", -1)) {
            String[] kv = item.split(":", -1);
            if (kv.length != 2) {
                throw new ConfigException(ExitCode.INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT,
                        "Invalid KMS encryption context format: '" + item
                                + "' is not key:value (expected k1:v1,k2:v2)", null);
            }
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
