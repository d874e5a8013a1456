package dev.sops4j.core;

import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.KeySources;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.store.StoreSettings;
import dev.sops4j.core.tree.Mapping;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The public entry point and composition root of the library: which key sources and store settings one
 * application uses. Build one per process (or per test) and share it; it holds no global state.
 *
 * <pre>{@code
 * Sops4j sops = Sops4j.local(Environment.system());
 * try (DecryptedFile f = sops.decrypt(Path.of("secrets.enc.yaml"))) { ... }
 * }</pre>
 */
public final class Sops4j {
    /** The sops format version written into new files' {@code version} field. */
    public static final String SOPS_VERSION = "3.13.2";

    private final KeySources keySources;
    private final StoreSettings storeSettings;
    private final Clock clock;
    private final SecureRandom random;
    private final Warnings warnings;

    private Sops4j(Builder b) {
        this.warnings = b.warnings;
        this.keySources = b.keySources.build();
        this.storeSettings = b.storeSettings;
        this.clock = b.clock;
        this.random = b.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The local key sources (age, PGP) reading identities from {@code env}. */
    public static Sops4j local(Environment env) {
        return builder().withLocalKeySources(env).build();
    }

    public KeySources keySources() {
        return keySources;
    }

    public Clock clock() {
        return clock;
    }

    public SecureRandom random() {
        return random;
    }

    public Store store(Format format) {
        return dev.sops4j.core.store.Stores.create(format, storeSettings);
    }

    public Store store(Format format, StoreSettings settings) {
        return dev.sops4j.core.store.Stores.create(format, settings);
    }

    /** Recovers the data key, decrypts every value and verifies the MAC (unless {@code ignoreMac}). */
    public DecryptedFile decrypt(EncryptedDocument document, DecryptOptions options) {
        return engine().decrypt(document, options);
    }

    /**
     * Decrypts with a data key the caller already holds (for example from a cache); the file takes ownership of
     * {@code dataKey} and wipes it on close.
     */
    public DecryptedFile decrypt(EncryptedDocument document, dev.sops4j.core.secret.SecretBytes dataKey,
            DecryptOptions options) {
        return engine().decrypt(document, dataKey, options);
    }

    /** Reads, parses (format from the file name, as sops guesses it) and decrypts a file, verifying its MAC. */
    public DecryptedFile decrypt(java.nio.file.Path file) {
        return decrypt(file, DecryptOptions.DEFAULTS);
    }

    public DecryptedFile decrypt(java.nio.file.Path file, DecryptOptions options) {
        byte[] bytes;
        try {
            bytes = dev.sops4j.core.io.Chunked.readAll(file);
        } catch (java.io.IOException e) {
            throw new dev.sops4j.core.error.InputException("Error reading file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        return decrypt(bytes, Format.fromPath(file.getFileName().toString()), options);
    }

    /** Parses an encrypted file of the given format and decrypts it. */
    public DecryptedFile decrypt(byte[] encryptedFile, Format format, DecryptOptions options) {
        return decrypt(store(format).parseEncrypted(encryptedFile), options);
    }

    /**
     * Encrypts a plaintext file of the given format and returns the encrypted file's bytes. A file that already
     * has a top-level {@code sops} key is refused ({@link dev.sops4j.core.error.FileAlreadyEncryptedException}).
     */
    public byte[] encrypt(byte[] plainFile, Format format, EncryptionSpec spec) {
        Store s = store(format);
        if (s.hasSopsMetadata(plainFile)) {
            throw new dev.sops4j.core.error.FileAlreadyEncryptedException(
                    "File already encrypted: the input has a top-level 'sops' key");
        }
        EncryptedDocument doc = encrypt(s.parsePlain(plainFile), spec, format);
        return s.emitEncrypted(doc.branches(), doc.metadata());
    }

    /** Encrypts a plaintext tree under a fresh data key wrapped for every key in {@code spec}. */
    public EncryptedDocument encrypt(List<Mapping> plain, EncryptionSpec spec, Format format) {
        return engine().encrypt(plain, spec, format);
    }

    /** Re-encrypts an edited decrypted file with its own data key; unchanged values keep their ciphertext. */
    public EncryptedDocument reencrypt(DecryptedFile file) {
        return engine().reencrypt(file);
    }

    /** A new data key for the same (or changed) key groups; values re-encrypted reusing their IVs. */
    public EncryptedDocument rotate(DecryptedFile file, List<KeyGroup> groups, int shamirThreshold) {
        return engine().rotate(file, groups, shamirThreshold);
    }

    /** Wraps the existing data key for new key groups; values, lastmodified and MAC stay byte-identical. */
    public EncryptedDocument rewrap(EncryptedDocument document, DecryptOptions options, List<KeyGroup> groups,
            int shamirThreshold) {
        return engine().rewrap(document, options, groups, shamirThreshold);
    }

    public Metadata readMetadata(Mapping raw) {
        return dev.sops4j.core.metadata.MetadataCodec.read(raw);
    }

    public Mapping writeMetadata(Metadata metadata) {
        return dev.sops4j.core.metadata.MetadataCodec.write(metadata);
    }

    private dev.sops4j.core.engine.SopsEngine engine() {
        return new dev.sops4j.core.engine.SopsEngine(keySources, clock, random, warnings);
    }

    public static final class Builder {
        private final KeySources.Builder keySources = KeySources.builder();
        private StoreSettings storeSettings = StoreSettings.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = defaultRandom();
        private Warnings warnings = Warnings.NONE;

        /** Registers a key source: the single line a new key type adds to a composition root. */
        public <R extends dev.sops4j.core.keys.KeyRef> Builder keySource(KeySource<R> source) {
            keySources.add(source);
            return this;
        }

        /** Adds a remote key service (sops' {@code --keyservice}), tried after the local sources, in order. */
        public Builder keyService(dev.sops4j.core.keys.KeyService service) {
            keySources.keyService(service);
            return this;
        }

        /** {@code false}: use only the key services (sops' {@code --enable-local-keyservice=false}). */
        public Builder localKeySources(boolean enabled) {
            keySources.localKeySources(enabled);
            return this;
        }

        public Builder withLocalKeySources(Environment env) {
            keySource(new dev.sops4j.core.keys.age.AgeKeySource(env));
            keySource(new dev.sops4j.core.keys.pgp.PgpKeySource(env));
            return this;
        }

        public Builder storeSettings(StoreSettings settings) {
            this.storeSettings = settings;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * /dev/urandom without the blocking seed read of the default NativePRNG, and half its cost per call
         * (100,000 IVs: ~70 ms instead of ~140 ms under C1); the platform default where it does not exist.
         */
        private static SecureRandom defaultRandom() {
            try {
                return SecureRandom.getInstance("NativePRNGNonBlocking");
            } catch (java.security.NoSuchAlgorithmException e) {
                return new SecureRandom();
            }
        }

        public Builder random(SecureRandom r) {
            this.random = r;
            return this;
        }

        /** Where warnings go (sops' "Found possibly unencrypted comment in file..."); none by default. */
        public Builder warnings(Warnings w) {
            this.warnings = java.util.Objects.requireNonNull(w, "warnings");
            return this;
        }

        public Sops4j build() {
            return new Sops4j(this);
        }
    }
}
