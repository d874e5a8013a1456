package dev.sops4j.core.config;

import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.AzureKvKeyRef;
import dev.sops4j.core.keys.GcpKmsKeyRef;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.keys.HckmsKeyRef;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the comma-separated key lists of flags, environment variables and .sops.yaml into key references, as sops
 * does: blanks trimmed, empty items dropped, {@code created_at} stamped now for every key type that records it.
 */
public final class KeyRefFactory {
    private static final Pattern AZURE_URL = Pattern.compile("^(https://[^/]+)/keys/([^/]+)(?:/([^/]+))?$");
    private static final Pattern VAULT_PREFIXED = Pattern.compile("/[^/]+/v\\d+/[^/]+/[^/]+/[^/]+");
    private static final Pattern VAULT_PATH = Pattern.compile("/v\\d+/.+/keys/[^/]+");
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

    /** Google Cloud KMS resource ids; blanks removed as sops does. */
    public List<KeyRef> gcpKms(List<String> resourceIds) {
        List<KeyRef> out = new ArrayList<>();
        for (String id : resourceIds) {
            out.add(new GcpKmsKeyRef(id.replace(" ", ""), now(), ""));
        }
        return out;
    }

    /** HuaweiCloud KMS key ids {@code region:uuid}; both parts must be non-empty. */
    public List<KeyRef> hckms(List<String> keyIds) {
        List<KeyRef> out = new ArrayList<>();
        for (String id : keyIds) {
            String t = id.trim();
            int c = t.indexOf(':');
            if (c < 0) {
                throw new ConfigException("invalid HuaweiCloud KMS key ID format: expected 'region:key-uuid', got '"
                        + t + "'");
            }
            if (t.substring(0, c).isBlank() || t.substring(c + 1).isBlank()) {
                throw new ConfigException("region and key UUID cannot be empty in HuaweiCloud KMS key ID '" + t + "'");
            }
            out.add(new HckmsKeyRef(t, now(), ""));
        }
        return out;
    }

    /** Azure Key Vault key URLs {@code https://<vault>/keys/<name>[/<version>]}. */
    public List<KeyRef> azureKv(List<String> urls) {
        List<KeyRef> out = new ArrayList<>();
        for (String u : urls) {
            Matcher m = AZURE_URL.matcher(u.trim());
            if (!m.matches()) {
                throw new ConfigException("could not parse '" + u.trim() + "' into a valid Azure Key Vault key URL "
                        + "(https://<vault>/keys/<name>[/<version>])");
            }
            out.add(azureKv(m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3)));
        }
        return out;
    }

    public AzureKvKeyRef azureKv(String vaultUrl, String name, String version) {
        return new AzureKvKeyRef(vaultUrl, name, version, now(), "");
    }

    /**
     * Vault transit key URIs {@code https://host:8200/v1/<engine path>/keys/<name>}: the address is everything
     * before the path, the engine path everything between {@code /v1/} and {@code /keys/}.
     */
    public List<KeyRef> hcVault(List<String> uris) {
        List<KeyRef> out = new ArrayList<>();
        for (String raw : uris) {
            out.add(hcVault(raw.trim()));
        }
        return out;
    }

    private HcVaultKeyRef hcVault(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException("invalid Vault transit URI '" + uri + "': " + e.getReason());
        }
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            throw new ConfigException("missing scheme in vault URL (should be like this: "
                    + "https://vault.example.com:8200/v1/transit/keys/keyName), got: " + uri);
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (VAULT_PREFIXED.matcher(path).find()) {
            throw new ConfigException("running Vault with a prefixed url is not supported! (Format has to be like "
                    + "https://vault.example.com:8200/v1/transit/keys/keyName), got: " + uri);
        }
        if (!VAULT_PATH.matcher(path).find()) {
            throw new ConfigException("vault path does not seem to be formatted correctly: (eg. "
                    + "https://vault.example.com:8200/v1/transit/keys/keyName), got: " + uri);
        }
        String trimmed = path.replaceAll("^/+", "").replaceAll("/+$", "");
        String[] dirs = trimmed.split("/+");
        String keyName = dirs[dirs.length - 1];
        String engine = String.join("/", java.util.Arrays.copyOfRange(dirs, 1, dirs.length - 2));
        return new HcVaultKeyRef(u.getScheme() + "://" + u.getRawAuthority(), engine, keyName, now(), "");
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
        return dev.sops4j.core.keys.KeyTimes.createdNow(clock);
    }
}
