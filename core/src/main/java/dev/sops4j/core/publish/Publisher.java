package dev.sops4j.core.publish;

/**
 * Uploads publications to one kind of {@link Destination}. Implementations hold clients and credentials and are
 * registered once in a composition root ({@link Publishers}).
 *
 * @param <D> the destination type served
 */
public interface Publisher<D extends Destination> {
    Class<D> destinationType();

    /** Whether this destination receives the decrypted values (Vault KV) rather than the encrypted file. */
    boolean wantsPlaintext();

    /** Where a file of this name goes, as the confirmation prompt shows it. */
    default String describe(D destination, String fileName) {
        return destination.path(fileName);
    }

    /** Uploads; throws a {@link dev.sops4j.core.error.SopsException} with a one-line cause when it cannot. */
    void publish(D destination, Publication publication);
}
