package dev.sops4j.core.keys;

/**
 * A master key as recorded in a file's metadata: the key's identity plus {@code enc}, the data key (or Shamir
 * share) wrapped by it. Immutable; {@link KeySource}s do the work. {@code enc} is empty before wrapping.
 */
public sealed interface KeyRef permits AgeKeyRef, PgpKeyRef, KmsKeyRef, GcpKmsKeyRef, AzureKvKeyRef, HcVaultKeyRef,
        HckmsKeyRef, NexusKeyRef, UnknownKeyRef {

    /** The metadata list this key lives in: {@code age}, {@code pgp}, {@code kms}, {@code nexus}, ... */
    String type();

    /** The wrapped key material as stored in the file, or {@code ""}. */
    String enc();

    /** A copy carrying the given wrapped material. */
    KeyRef withEnc(String enc);

    /**
     * The entry as the {@code sops:} block stores it, with sops' field names (in any order: the metadata writer
     * sorts them as sops 3.13 does).
     */
    dev.sops4j.core.tree.Mapping toMetadata();

    /** What users see in messages: recipient, fingerprint, ARN or name. Never key material. */
    String describe();

    /** Identity of the key without its wrapped material, for de-duplication and {@code --rm-*}. */
    default String identity() {
        return type() + ":" + describe();
    }
}
