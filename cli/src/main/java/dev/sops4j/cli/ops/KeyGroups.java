package dev.sops4j.cli.ops;

import dev.sops4j.cli.options.KeyOptions;
import dev.sops4j.cli.options.RotateKeyOptions;
import dev.sops4j.core.config.KeyRefFactory;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.UnknownKeyRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Key lists from flags and sops' environment variables, and the {@code --add-*}/{@code --rm-*} group edits. */
public final class KeyGroups {
    private KeyGroups() {
    }

    /** The keys named by {@code -a/-p/-k} or their environment variables, in sops' order; empty when none. */
    public static List<KeyRef> fromFlags(KeyOptions k, Environment env, KeyRefFactory f) {
        List<KeyRef> out = new ArrayList<>();
        String kms = k.kms != null ? k.kms : env.get("SOPS_KMS_ARN").orElse(null);
        out.addAll(f.kms(KeyRefFactory.split(kms), KeyRefFactory.parseContext(k.encryptionContext),
                k.awsProfile == null ? "" : k.awsProfile));
        out.addAll(f.gcpKms(KeyRefFactory.split(flagOrEnv(k.gcpKms, env, "SOPS_GCP_KMS_IDS"))));
        out.addAll(f.hckms(KeyRefFactory.split(flagOrEnv(k.hckms, env, "SOPS_HUAWEICLOUD_KMS_IDS"))));
        out.addAll(f.azureKv(KeyRefFactory.split(flagOrEnv(k.azureKv, env, "SOPS_AZURE_KEYVAULT_URLS"))));
        String pgp = k.pgp != null ? k.pgp : env.get("SOPS_PGP_FP").orElse(null);
        out.addAll(f.pgp(KeyRefFactory.split(pgp)));
        out.addAll(f.hcVault(KeyRefFactory.split(flagOrEnv(k.hcVaultTransit, env, "SOPS_VAULT_URIS"))));
        String age = k.age != null ? k.age : env.get("SOPS_AGE_RECIPIENTS").orElse(null);
        out.addAll(f.age(KeyRefFactory.split(age)));
        List<String> nexus = new ArrayList<>();
        if (k.nexus != null) {
            k.nexus.forEach(n -> nexus.addAll(KeyRefFactory.split(n)));
        } else {
            nexus.addAll(KeyRefFactory.split(env.get("SOPS4J_NEXUS_KEYS").orElse(null)));
        }
        out.addAll(f.nexus(nexus));
        return dedupe(out);
    }

    /** rotate/edit: {@code --add-*} keys join the first group, {@code --rm-*} keys leave every group. */
    public static List<KeyGroup> addRemove(List<KeyGroup> groups, RotateKeyOptions o, KeyRefFactory f) {
        List<KeyRef> add = new ArrayList<>();
        add.addAll(f.kms(KeyRefFactory.split(o.addKms), Map.of(), ""));
        add.addAll(f.gcpKms(KeyRefFactory.split(o.addGcpKms)));
        add.addAll(f.hckms(KeyRefFactory.split(o.addHckms)));
        add.addAll(f.azureKv(KeyRefFactory.split(o.addAzureKv)));
        add.addAll(f.pgp(KeyRefFactory.split(o.addPgp)));
        add.addAll(f.hcVault(KeyRefFactory.split(o.addHcVault)));
        add.addAll(f.age(KeyRefFactory.split(o.addAge)));
        add.addAll(f.nexus(KeyRefFactory.split(o.addNexus)));
        Set<String> rm = new HashSet<>();
        f.kms(KeyRefFactory.split(o.rmKms), Map.of(), "").forEach(r -> rm.add(r.identity()));
        f.pgp(KeyRefFactory.split(o.rmPgp)).forEach(r -> rm.add(r.identity()));
        f.gcpKms(KeyRefFactory.split(o.rmGcpKms)).forEach(r -> rm.add(r.identity()));
        f.hckms(KeyRefFactory.split(o.rmHckms)).forEach(r -> rm.add(r.identity()));
        f.azureKv(KeyRefFactory.split(o.rmAzureKv)).forEach(r -> rm.add(r.identity()));
        f.hcVault(KeyRefFactory.split(o.rmHcVault)).forEach(r -> rm.add(r.identity()));
        f.age(KeyRefFactory.split(o.rmAge)).forEach(r -> rm.add(r.identity()));
        f.nexus(KeyRefFactory.split(o.rmNexus)).forEach(r -> rm.add(r.identity()));
        List<KeyGroup> out = new ArrayList<>();
        for (int i = 0; i < Math.max(groups.size(), add.isEmpty() ? 0 : 1); i++) {
            List<KeyRef> keys = new ArrayList<>(i < groups.size() ? groups.get(i).keys() : List.of());
            if (i == 0) {
                keys.addAll(add);
            }
            keys.removeIf(r -> rm.contains(r.identity()) || rm.contains(versionless(r)));
            out.add(new KeyGroup(dedupe(keys)));
        }
        return out;
    }

    /** Fails with a clear message when a group holds a key type sops4j cannot wrap for. */
    public static void requireSupported(List<KeyGroup> groups) {
        for (KeyGroup g : groups) {
            for (KeyRef r : g.keys()) {
                if (r instanceof UnknownKeyRef u) {
                    throw new UsageException(u.type() + " key " + u.describe()
                            + " is not supported by sops4j (supported: age, pgp, kms, gcp_kms, azure_kv, hc_vault, hckms, nexus)");
                }
            }
        }
    }

    /** True when both lists hold the same keys per group (order within a group ignored, wrapped data ignored). */
    public static boolean sameKeys(List<KeyGroup> a, List<KeyGroup> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!identities(a.get(i)).equals(identities(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    public static Set<String> identities(KeyGroup g) {
        Set<String> out = new java.util.TreeSet<>();
        g.keys().forEach(k -> out.add(k.identity()));
        return out;
    }

    static List<KeyRef> dedupe(List<KeyRef> in) {
        Map<String, KeyRef> seen = new LinkedHashMap<>();
        for (KeyRef k : in) {
            seen.putIfAbsent(k.identity(), k);
        }
        return new ArrayList<>(seen.values());
    }

    private static String flagOrEnv(String flag, Environment env, String var) {
        return flag != null ? flag : env.get(var).orElse(null);
    }

    /** {@code --rm-azure-kv https://v/keys/name} (no version) removes that key whatever version the file holds. */
    private static String versionless(KeyRef r) {
        return r instanceof dev.sops4j.core.keys.AzureKvKeyRef a
                ? a.type() + ":" + a.vaultUrl() + "/keys/" + a.name() : r.identity();
    }
}
