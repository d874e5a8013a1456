package dev.sops4j.keys.keyservice;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.AzureKvKeyRef;
import dev.sops4j.core.keys.GcpKmsKeyRef;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.keys.HckmsKeyRef;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.keys.keyservice.proto.AgeKey;
import dev.sops4j.keys.keyservice.proto.AzureKeyVaultKey;
import dev.sops4j.keys.keyservice.proto.GcpKmsKey;
import dev.sops4j.keys.keyservice.proto.HckmsKey;
import dev.sops4j.keys.keyservice.proto.Key;
import dev.sops4j.keys.keyservice.proto.KmsKey;
import dev.sops4j.keys.keyservice.proto.PgpKey;
import dev.sops4j.keys.keyservice.proto.VaultKey;
import java.util.Map;
import java.util.function.Function;

/**
 * sops4j key references to and from the protocol's {@code Key} message: the fields sops sends for each key type (no
 * {@code enc}: the wrapped key travels as the request's bytes, exactly as the file stores it).
 */
final class KeyMessages {
    private static final Map<Class<? extends KeyRef>, Function<KeyRef, Key>> TO_MESSAGE = Map.of(
            AgeKeyRef.class, r -> age((AgeKeyRef) r),
            PgpKeyRef.class, r -> pgp((PgpKeyRef) r),
            KmsKeyRef.class, r -> kms((KmsKeyRef) r),
            GcpKmsKeyRef.class, r -> gcp((GcpKmsKeyRef) r),
            AzureKvKeyRef.class, r -> azure((AzureKvKeyRef) r),
            HcVaultKeyRef.class, r -> vault((HcVaultKeyRef) r),
            HckmsKeyRef.class, r -> hckms((HckmsKeyRef) r));

    private KeyMessages() {
    }

    /** The message for {@code ref}; a key type sops' protocol does not carry (Nexus) is an error naming it. */
    static Key toMessage(KeyRef ref) {
        Function<KeyRef, Key> f = TO_MESSAGE.get(ref.getClass());
        if (f == null) {
            throw new KeySourceException(ref.type() + " keys cannot go through a key service (sops' protocol has"
                    + " no such key type)");
        }
        return f.apply(ref);
    }

    /** The key reference a request names, without wrapped material. */
    static KeyRef fromMessage(Key key) {
        return switch (key.getKeyTypeCase()) {
            case AGE_KEY -> AgeKeyRef.of(key.getAgeKey().getRecipient());
            case PGP_KEY -> new PgpKeyRef(key.getPgpKey().getFingerprint(), "", "");
            case KMS_KEY -> new KmsKeyRef(key.getKmsKey().getArn(), key.getKmsKey().getRole(),
                    key.getKmsKey().getContextMap(), key.getKmsKey().getAwsProfile(), "", "");
            case GCP_KMS_KEY -> new GcpKmsKeyRef(key.getGcpKmsKey().getResourceId(), "", "");
            case AZURE_KEYVAULT_KEY -> new AzureKvKeyRef(key.getAzureKeyvaultKey().getVaultUrl(),
                    key.getAzureKeyvaultKey().getName(), key.getAzureKeyvaultKey().getVersion(), "", "");
            case VAULT_KEY -> new HcVaultKeyRef(key.getVaultKey().getVaultAddress(),
                    key.getVaultKey().getEnginePath(), key.getVaultKey().getKeyName(), "", "");
            case HCKMS_KEY -> new HckmsKeyRef(key.getHckmsKey().getKeyId(), "", "");
            case PLUGIN_KEY -> throw new KeySourceException("plugin keys are not supported by sops4j");
            case KEYTYPE_NOT_SET -> throw new KeySourceException("the request names no key");
        };
    }

    private static Key age(AgeKeyRef r) {
        return Key.newBuilder().setAgeKey(AgeKey.newBuilder().setRecipient(r.recipient())).build();
    }

    private static Key pgp(PgpKeyRef r) {
        return Key.newBuilder().setPgpKey(PgpKey.newBuilder().setFingerprint(r.fingerprint())).build();
    }

    private static Key kms(KmsKeyRef r) {
        return Key.newBuilder().setKmsKey(KmsKey.newBuilder().setArn(r.arn()).setRole(r.role())
                .putAllContext(r.context()).setAwsProfile(r.awsProfile())).build();
    }

    private static Key gcp(GcpKmsKeyRef r) {
        return Key.newBuilder().setGcpKmsKey(GcpKmsKey.newBuilder().setResourceId(r.resourceId())).build();
    }

    private static Key azure(AzureKvKeyRef r) {
        return Key.newBuilder().setAzureKeyvaultKey(AzureKeyVaultKey.newBuilder().setVaultUrl(r.vaultUrl())
                .setName(r.name()).setVersion(r.version())).build();
    }

    private static Key vault(HcVaultKeyRef r) {
        return Key.newBuilder().setVaultKey(VaultKey.newBuilder().setVaultAddress(r.vaultAddress())
                .setEnginePath(r.enginePath()).setKeyName(r.keyName())).build();
    }

    private static Key hckms(HckmsKeyRef r) {
        return Key.newBuilder().setHckmsKey(HckmsKey.newBuilder().setKeyId(r.keyId())).build();
    }
}
