package dev.sops4j.core.publish;

/** Where {@code publish} sends a file: one per {@code destination_rules} entry. */
public sealed interface Destination permits S3Destination, GcsDestination, VaultKvDestination {
    /** The object or secret a file of this name lands at, as sops prints it. */
    String path(String fileName);
}
