package dev.sops4j.nexus;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.client.SecretMetadata;
import dev.sops4j.nexus.kek.KeysetDocument;
import dev.sops4j.nexus.kek.KeysetMerge;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Administration of Nexus-held key-encryption keysets; the logic behind
 * {@code sops4j nexus key create|rotate|versions|enable|disable|destroy NAME}.
 *
 * <p>Every change is a read-modify-write of one Nexus secret. Nexus offers no compare-and-set, so after each write
 * the admin re-reads the secret's version list: if anyone else wrote in between, the versions written since our
 * read are merged ({@link KeysetMerge}: no key version is lost, disables win, destroys are final), written again and
 * verified again, up to {@value #MAX_ROUNDS} rounds. The result says whether a merge happened.
 *
 * <p>The caller's SPIFFE ID needs {@code read} and {@code write} on the keyset paths in Nexus.
 */
public final class NexusKeyAdmin implements AutoCloseable {
    static final int MAX_ROUNDS = 5;

    private final NexusClient client;
    private final String prefix;
    private final Clock clock;
    private final boolean ownsClient;

    public NexusKeyAdmin(NexusClient client, String pathPrefix) {
        this(client, pathPrefix, Clock.systemUTC(), false);
    }

    NexusKeyAdmin(NexusClient client, String pathPrefix, Clock clock, boolean ownsClient) {
        KeysetDocument.init();
        this.client = client;
        this.prefix = pathPrefix;
        this.clock = clock;
        this.ownsClient = ownsClient;
    }

    /** An admin talking to the Nexus configured in {@code env} ({@link NexusSettings}); closes its client. */
    public static NexusKeyAdmin fromEnvironment(Environment env) {
        NexusSettings s = NexusSettings.fromEnvironment(env);
        return new NexusKeyAdmin(NexusClient.create(s), s.pathPrefix(), Clock.systemUTC(), true);
    }

    /**
     * Creates the keyset with one primary version; refuses if the path has live versions in Nexus. SPIKE shows no
     * metadata for a path whose versions are all deleted, so such a path gets a new version on top.
     */
    public KeyAdminResult create(String name) {
        String path = KeyNames.path(prefix, name);
        Optional<SecretMetadata> meta = client.findMetadata(path);
        if (meta.isPresent() && !meta.get().versions().isEmpty()) {
            throw new UsageException("nexus key " + name + " already exists at " + path
                    + (meta.get().currentVersion() == 0 ? " (all versions deleted; undelete them in Nexus)" : ""));
        }
        return write(name, path, 0, null, doc -> addPrimary(null));
    }

    /** Adds a new primary version; older versions keep unwrapping until disabled. */
    public KeyAdminResult rotate(String name) {
        return update(name, this::addPrimary);
    }

    /** The keyset's versions as stored now (destroyed ones included, without key material). */
    public KeyAdminResult versions(String name) {
        String path = KeyNames.path(prefix, name);
        int v = currentVersion(name, path);
        KeysetDocument doc = read(name, path, v);
        return new KeyAdminResult(name, path, v, describe(doc), false);
    }

    /** Stops a non-primary version from unwrapping (reversible with {@link #enable}). */
    public KeyAdminResult disable(String name, long keyId) {
        return update(name, doc -> {
            KeyStatus s = require(name, doc, keyId);
            if (KeysetDocument.id(doc.handle().getPrimary()) == keyId) {
                throw new UsageException("key version " + keyId + " of " + name
                        + " is the primary; rotate first so that another version wraps new data keys");
            }
            return s == KeyStatus.DISABLED ? doc : withStatus(doc, keyId, KeyStatus.DISABLED);
        });
    }

    /** Lets a disabled version unwrap again. */
    public KeyAdminResult enable(String name, long keyId) {
        return update(name, doc -> require(name, doc, keyId) == KeyStatus.ENABLED ? doc
                : withStatus(doc, keyId, KeyStatus.ENABLED));
    }

    /**
     * Removes a disabled version's key material from the keyset for good, then soft-deletes the older Nexus
     * versions of the keyset that still hold it. Soft-deleted Nexus versions stay in Nexus's store until pruned
     * (after {@code maxVersions} newer writes); an operator with Nexus access could still undelete them before that.
     */
    public KeyAdminResult destroy(String name, long keyId) {
        KeyAdminResult r = update(name, doc -> {
            if (require(name, doc, keyId) != KeyStatus.DISABLED) {
                throw new UsageException("key version " + keyId + " of " + name + " must be disabled before it is "
                        + "destroyed");
            }
            KeysetHandle.Builder b = KeysetHandle.newBuilder(doc.handle());
            b.deleteAt(indexOf(doc, keyId));
            var destroyed = new HashSet<>(doc.destroyed());
            destroyed.add(keyId);
            return new KeysetDocument(build(b), doc.created(), destroyed);
        });
        purgeOlderVersions(r, keyId);
        return r;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    // ---- read-modify-write with verification ----

    private KeyAdminResult update(String name, UnaryOperator<KeysetDocument> change) {
        String path = KeyNames.path(prefix, name);
        int base = currentVersion(name, path);
        KeysetDocument doc = read(name, path, base);
        return write(name, path, base, doc, change);
    }

    /** Nexus version {@code v} of the keyset; it can vanish between reading the metadata and reading it. */
    private KeysetDocument read(String name, String path, int v) {
        return KeysetDocument.fromValues(client.findSecret(path, v).orElseThrow(() -> new KeySourceException(
                "version " + v + " of nexus key " + name + " does not exist in Nexus at " + path
                        + " (deleted or pruned meanwhile; retry)")), "nexus key " + name);
    }

    private KeyAdminResult write(String name, String path, int base, KeysetDocument current,
                                 UnaryOperator<KeysetDocument> change) {
        KeysetDocument ours = change.apply(current);
        boolean merged = false;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            client.putSecret(path, ours.toValues());
            SecretMetadata meta = client.findMetadata(path).orElseThrow(() -> new KeySourceException(
                    "nexus key " + name + ": " + path + " vanished right after writing it"));
            List<KeysetDocument> newer = new ArrayList<>();
            for (var v : meta.versions().values()) {
                if (v.version() > base && !v.deleted()) {
                    client.findSecret(path, v.version())
                            .ifPresent(values -> newer.add(KeysetDocument.fromValues(values, "nexus key " + name)));
                }
            }
            if (newer.isEmpty()) {
                throw new KeySourceException("nexus key " + name + ": the keyset written to " + path
                        + " is not readable back from Nexus");
            }
            KeysetDocument latest = newer.get(newer.size() - 1);
            KeysetDocument all = KeysetMerge.merge(newer);
            if (KeysetMerge.sameState(latest, ours) && KeysetMerge.sameState(all, ours)) {
                return new KeyAdminResult(name, path, meta.currentVersion(), describe(ours), merged);
            }
            merged = true;
            base = meta.currentVersion();
            ours = all;
        }
        throw new KeySourceException("nexus key " + name + ": keyset at " + path + " kept changing under concurrent "
                + "writers; run 'sops4j nexus key versions " + name + "' and retry");
    }

    private int currentVersion(String name, String path) {
        SecretMetadata meta = client.findMetadata(path).orElseThrow(() -> new KeySourceException(
                "nexus key " + name + " does not exist in Nexus at " + path));
        if (meta.currentVersion() == 0) {
            throw new KeySourceException("nexus key " + name + " at " + path + " has all versions deleted");
        }
        return meta.currentVersion();
    }

    private void purgeOlderVersions(KeyAdminResult r, long keyId) {
        SecretMetadata meta = client.findMetadata(r.path()).orElseThrow();
        List<Integer> stale = new ArrayList<>();
        for (var v : meta.versions().values()) {
            if (v.version() < r.nexusVersion() && !v.deleted()) {
                client.findSecret(r.path(), v.version()).ifPresent(values -> {
                    KeysetDocument d = KeysetDocument.fromValues(values, "nexus key " + r.name());
                    if (d.status(keyId) != null) {
                        stale.add(v.version());
                    }
                });
            }
        }
        if (!stale.isEmpty()) {
            client.deleteVersions(r.path(), stale);
        }
    }

    // ---- keyset edits ----

    private KeysetDocument addPrimary(KeysetDocument doc) {
        KeysetHandle.Builder b = doc == null ? KeysetHandle.newBuilder() : KeysetHandle.newBuilder(doc.handle());
        b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId().makePrimary());
        KeysetHandle h = build(b);
        Map<Long, String> created = new HashMap<>(doc == null ? Map.of() : doc.created());
        created.put(KeysetDocument.id(h.getPrimary()), Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        return new KeysetDocument(h, created, doc == null ? java.util.Set.of() : doc.destroyed());
    }

    private static KeysetDocument withStatus(KeysetDocument doc, long keyId, KeyStatus status) {
        KeysetHandle.Builder b = KeysetHandle.newBuilder(doc.handle());
        b.getAt(indexOf(doc, keyId)).setStatus(status);
        return new KeysetDocument(build(b), doc.created(), doc.destroyed());
    }

    /** Builders copied from a handle keep its entry order, so handle indexes address builder entries. */
    private static int indexOf(KeysetDocument doc, long keyId) {
        for (int i = 0; i < doc.handle().size(); i++) {
            if (KeysetDocument.id(doc.handle().getAt(i)) == keyId) {
                return i;
            }
        }
        throw new IllegalArgumentException("no key version " + keyId);
    }

    private static KeyStatus require(String name, KeysetDocument doc, long keyId) {
        KeyStatus s = doc.status(keyId);
        if (s == null) {
            throw new UsageException("nexus key " + name + " has no key version " + keyId
                    + (doc.destroyed().contains(keyId) ? " (it was destroyed)" : ""));
        }
        return s;
    }

    private static KeysetHandle build(KeysetHandle.Builder b) {
        try {
            return b.build();
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("cannot build keyset: " + e.getMessage(), e);
        }
    }

    private static List<KeyVersion> describe(KeysetDocument doc) {
        Map<Long, KeyVersion> out = new TreeMap<>();
        for (int i = 0; i < doc.handle().size(); i++) {
            KeysetHandle.Entry e = doc.handle().getAt(i);
            long id = KeysetDocument.id(e);
            out.put(id, new KeyVersion(id, e.getStatus() == KeyStatus.ENABLED ? KeyVersion.Status.ENABLED
                    : KeyVersion.Status.DISABLED, e.isPrimary(), doc.created().getOrDefault(id, "")));
        }
        for (long id : doc.destroyed()) {
            out.putIfAbsent(id, new KeyVersion(id, KeyVersion.Status.DESTROYED, false,
                    doc.created().getOrDefault(id, "")));
        }
        return List.copyOf(out.values());
    }
}
