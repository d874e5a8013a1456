package dev.sops4j.nexus.kek;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.sops4j.core.error.KeySourceException;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A key-encryption keyset as stored in one Nexus secret. The secret's value map holds:
 * <ul>
 *   <li>{@code format} = {@value #FORMAT};</li>
 *   <li>{@code keyset} = base64 of the Tink keyset in Tink's binary (protobuf) format, cleartext: Nexus itself
 *       encrypts secrets at rest and guards them with SPIFFE-ID policies;</li>
 *   <li>{@code created-<keyId>} = RFC 3339 time each key version was added (Tink keysets carry no dates);</li>
 *   <li>{@code destroyed} = comma-separated key ids deliberately destroyed, so a merge after a concurrent write
 *       cannot bring them back.</li>
 * </ul>
 * Key ids are Tink's 32-bit ids printed unsigned.
 */
public record KeysetDocument(KeysetHandle handle, Map<Long, String> created, Set<Long> destroyed) {
    public static final String FORMAT = "tink-aead-keyset-v1";
    private static final String CREATED = "created-";

    static {
        try {
            // Tink resolves key types through its own registry; registering AEAD is idempotent.
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public KeysetDocument {
        created = Map.copyOf(created);
        destroyed = Set.copyOf(destroyed);
    }

    /** Makes sure Tink's AEAD types are registered before any other Tink call. */
    public static void init() {
        // the static initializer does the work
    }

    public static long id(KeysetHandle.Entry e) {
        return Integer.toUnsignedLong(e.getId());
    }

    public boolean isDisabled(long keyId) {
        return status(keyId) == KeyStatus.DISABLED;
    }

    /** The status of a key version, or {@code null} when the keyset has no such id. */
    public KeyStatus status(long keyId) {
        for (int i = 0; i < handle.size(); i++) {
            if (id(handle.getAt(i)) == keyId) {
                return handle.getAt(i).getStatus();
            }
        }
        return null;
    }

    public Map<String, String> toValues() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("format", FORMAT);
        try {
            v.put("keyset", Base64.getEncoder().encodeToString(
                    TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get(),
                            RegistryConfiguration.get())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize keyset: " + e.getMessage(), e);
        }
        new TreeMap<>(created).forEach((id, t) -> v.put(CREATED + id, t));
        if (!destroyed.isEmpty()) {
            v.put("destroyed", new TreeSet<>(destroyed).stream().map(String::valueOf)
                    .collect(Collectors.joining(",")));
        }
        return v;
    }

    /** Parses a stored keyset; {@code what} names it in the one-line error. */
    public static KeysetDocument fromValues(Map<String, String> values, String what) {
        if (!FORMAT.equals(values.get("format")) || values.get("keyset") == null) {
            throw new KeySourceException(what + " in Nexus is not a sops4j keyset (format '"
                    + values.getOrDefault("format", "") + "')");
        }
        KeysetHandle h;
        try {
            h = TinkProtoKeysetFormat.parseKeyset(Base64.getDecoder().decode(values.get("keyset")),
                    InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeySourceException(what + " in Nexus holds an unreadable Tink keyset");
        }
        Map<Long, String> created = new TreeMap<>();
        Set<Long> destroyed = new TreeSet<>();
        try {
            for (var e : values.entrySet()) {
                if (e.getKey().startsWith(CREATED)) {
                    created.put(Long.parseLong(e.getKey().substring(CREATED.length())), e.getValue());
                }
            }
            String d = values.getOrDefault("destroyed", "");
            for (String s : d.isEmpty() ? new String[0] : d.split(",")) {
                destroyed.add(Long.parseLong(s.trim()));
            }
        } catch (NumberFormatException e) {
            throw new KeySourceException(what + " in Nexus has malformed key-version metadata");
        }
        return new KeysetDocument(h, created, destroyed);
    }
}
