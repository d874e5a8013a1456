package dev.sops4j.core.engine;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.Warnings;
import dev.sops4j.core.cipher.AesGcmValueCipher;
import dev.sops4j.core.cipher.EncString;
import dev.sops4j.core.cipher.ValueCipher;
import dev.sops4j.core.error.CryptoException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FileAlreadyEncryptedException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.KeySources;
import dev.sops4j.core.metadata.EncryptionRule;
import dev.sops4j.core.metadata.Metadata;
import dev.sops4j.core.metadata.MetadataCodec;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.text.GoFormat;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The encrypt/decrypt workflows behind {@link dev.sops4j.core.Sops4j}. */
public final class SopsEngine {
    private final Clock clock;
    private final SecureRandom random;
    private final DataKeys dataKeys;
    private final Warnings warnings;
    private int parallelMin = ValueJobs.PARALLEL_MIN;

    /**
     * sops' warning for a comment that does not decrypt (comments are outside the MAC, so anyone can change one);
     * sops adds the comment's text, sops4j does not (it may be a secret written in clear).
     */
    public static final String UNENCRYPTED_COMMENT_WARNING = "Found possibly unencrypted comment in file. This is"
            + " to be expected if the file being decrypted was created with an older version of SOPS.";

    public SopsEngine(KeySources keySources, Clock clock, SecureRandom random) {
        this(keySources, clock, random, Warnings.NONE);
    }

    public SopsEngine(KeySources keySources, Clock clock, SecureRandom random, Warnings warnings) {
        this.clock = clock;
        this.random = random;
        this.dataKeys = new DataKeys(keySources, random);
        this.warnings = warnings;
    }

    /**
     * Files with at least {@code values} scalars and comments have their values encrypted and decrypted on every
     * core (the output is the same); tests set 0 or {@link Integer#MAX_VALUE} to compare both paths.
     */
    SopsEngine parallelMin(int values) {
        this.parallelMin = values;
        return this;
    }

    private ValueJobs jobsFor(List<Mapping> branches, ValueCipher cipher) {
        if (ValueJobs.leaves(branches, parallelMin) < parallelMin) {
            return ValueJobs.direct();
        }
        cipher.bulk();
        return ValueJobs.planned();
    }

    /** Walks once, or (planned jobs) twice: the values' crypto runs on the other cores during the second walk. */
    private static List<Mapping> walk(TreeWalker walker, ValueJobs jobs, List<Mapping> branches,
            Mac deferredMac) {
        if (!jobs.planning()) {
            return walker.walk(branches);
        }
        try {
            walker.walk(branches);
            jobs.compute(deferredMac == null ? () -> { } : deferredMac.deferredHashing());
            List<Mapping> out = walker.walk(branches);
            jobs.done();
            return out;
        } finally {
            jobs.cancel();
        }
    }

    public DecryptedFile decrypt(EncryptedDocument document, DecryptOptions options) {
        Metadata md = MetadataCodec.read(document.metadata());
        SecretBytes dataKey = dataKeys.recover(md.keyGroups(), md.shamirThreshold(), options.decryptionOrder());
        try {
            return decryptWithKey(document.branches(), md, dataKey, options);
        } catch (RuntimeException e) {
            dataKey.close();
            throw e;
        }
    }

    /**
     * Decrypts with a data key the caller already holds (a cache, a test vector). The returned file owns
     * {@code dataKey} and wipes it on close.
     */
    public DecryptedFile decrypt(EncryptedDocument document, SecretBytes dataKey, DecryptOptions options) {
        return decryptWithKey(document.branches(), MetadataCodec.read(document.metadata()), dataKey, options);
    }

    private DecryptedFile decryptWithKey(List<Mapping> branches, Metadata md, SecretBytes dataKey,
            DecryptOptions options) {
        boolean ignoreMac = options.ignoreMac();
        AesGcmValueCipher cipher = new AesGcmValueCipher(random, options.rememberIvs());
        Mac mac = new Mac(md.macOnlyEncrypted());
        ValueJobs jobs = jobsFor(branches, cipher);
        TreeWalker walker = new TreeWalker(policy(md.rule()), new TreeWalker.Leaves() {
            @Override
            public Scalar value(Scalar value, String aad, boolean covered) {
                if (jobs.planning()) {
                    if (covered && value instanceof StrValue s) {
                        jobs.add(cipher.openLater(s.value(), dataKey, aad));
                    }
                    return value;
                }
                Scalar plain = value;
                if (covered) {
                    // As sops: every covered value must be an ENC[...] string (or empty). A clear value standing
                    // where an encrypted one belongs is refused, even when it would give the same MAC bytes.
                    if (!(value instanceof StrValue s)) {
                        throw new CryptoException("Could not decrypt value at \"" + aad + "\": expected an"
                                + " encrypted value (a string), found a clear " + kind(value));
                    }
                    plain = cipher.decrypt(jobs.fromPlan() ? jobs.next()
                            : cipher.openLater(s.value(), dataKey, aad).get(), aad);
                }
                mac.add(plain, covered);
                return plain;
            }

            @Override
            public Element listValue(Scalar value, String aad, boolean covered) {
                if (covered && value instanceof StrValue s && EncString.parse(s.value())
                        .filter(e -> e.type().equals("comment")).isPresent()) {
                    // sops 3.13.2 wrote comments inside lists as list elements of type comment. The fixed
                    // releases read them back as comments and leave them out of the MAC, as encryption did.
                    if (jobs.planning()) {
                        jobs.add(cipher.openLater(s.value(), dataKey, aad));
                        return value;
                    }
                    return new Comment(cipher.decryptComment(
                            jobs.fromPlan() ? jobs.next() : cipher.openLater(s.value(), dataKey, aad).get(), aad));
                }
                return value(value, aad, covered);
            }

            @Override
            public Comment comment(Comment c, String aad, boolean covered) {
                if (!covered) {
                    return c;
                }
                if (EncString.looksEncrypted(c.text())) {
                    if (jobs.planning()) {
                        jobs.add(cipher.openLater(c.text(), dataKey, aad));
                        return c;
                    }
                    try {
                        // sops' decrypted comments lose their inline position (they print on their own line).
                        return new Comment(cipher.decryptComment(
                                jobs.fromPlan() ? jobs.next() : cipher.openLater(c.text(), dataKey, aad).get(),
                                aad));
                    } catch (CryptoException e) {
                        // Kept as it is, with sops' warning below.
                    }
                }
                if (jobs.planning()) {
                    return c;
                }
                // Files written by older sops have clear comments: sops keeps what does not decrypt, and warns.
                warnings.warn(UNENCRYPTED_COMMENT_WARNING);
                return c;
            }
        });
        List<Mapping> plain = walk(walker, jobs, branches, null);
        String computed = mac.hex();
        String stored = decryptMac(md, cipher, dataKey, ignoreMac);
        if (!ignoreMac && !computed.equals(stored)) {
            throw new MacMismatchException(stored.isEmpty()
                    ? "MAC mismatch. File has no MAC"
                    : "MAC mismatch. The MAC stored in the file does not match the one computed from its values");
        }
        return new DecryptedFile(plain, md, dataKey, cipher);
    }

    private static String kind(Scalar value) {
        String name = value.getClass().getSimpleName();
        return name.endsWith("Value") ? name.substring(0, name.length() - "Value".length()).toLowerCase(java.util.Locale.ROOT)
                : name;
    }

    private static String decryptMac(Metadata md, ValueCipher cipher, SecretBytes dataKey, boolean ignoreMac) {
        if (md.mac().isEmpty()) {
            return "";
        }
        try {
            Scalar s = cipher.decrypt(md.mac(), dataKey, macAad(md.lastModified()));
            return s instanceof StrValue str ? str.value() : "";
        } catch (CryptoException e) {
            if (ignoreMac) {
                return "";
            }
            throw new MacMismatchException(ExitCode.MAC_MISMATCH,
                    "MAC mismatch. The MAC could not be decrypted (wrong data key, or the MAC or lastmodified"
                            + " was changed)", e);
        }
    }

    /** sops authenticates the MAC with lastmodified re-formatted as RFC 3339 (fraction dropped, Z for UTC). */
    static String macAad(String lastModified) {
        return GoFormat.formatRfc3339(GoFormat.parseTime(lastModified));
    }

    /**
     * sops asks the output store: dotenv keeps its metadata in {@code sops_*} lines, so only that prefix is taken
     * there (a key named {@code sops} is ordinary data); every other store reserves the key {@code sops}.
     */
    private static boolean hasSopsTopLevelKey(Mapping branch, Format format) {
        if (format == Format.DOTENV) {
            return branch.pairs().stream().anyMatch(p -> p.key().startsWith("sops_"));
        }
        return branch.containsKey("sops");
    }

    public EncryptedDocument encrypt(List<Mapping> plain, EncryptionSpec spec, Format format) {
        for (Mapping branch : plain) {
            if (hasSopsTopLevelKey(branch, format)) {
                throw new FileAlreadyEncryptedException(
                        "File already encrypted: the input has a top-level 'sops' key");
            }
        }
        Optional<EncryptionRule> rule = format == Format.BINARY ? Optional.empty()
                : Optional.of(spec.rule().orElse(EncryptionRule.DEFAULT));
        rule.ifPresent(EncryptionPolicy::requireValid);
        int threshold = DataKeys.effectiveThreshold(spec.keyGroups(), spec.shamirThreshold());
        try (SecretBytes dataKey = dataKeys.generate()) {
            List<KeyGroup> wrapped = dataKeys.wrap(spec.keyGroups(), threshold, dataKey);
            Metadata md = new Metadata(wrapped, threshold, "", "", rule, spec.macOnlyEncrypted(),
                    Sops4j.SOPS_VERSION);
            return seal(plain, md, dataKey, new AesGcmValueCipher(random));
        }
    }

    public EncryptedDocument reencrypt(DecryptedFile file) {
        return seal(file.branches(), file.metadata(), file.dataKey(), file.cipher());
    }

    public EncryptedDocument rotate(DecryptedFile file, List<KeyGroup> groups, int shamirThreshold) {
        int threshold = DataKeys.effectiveThreshold(groups, shamirThreshold);
        try (SecretBytes dataKey = dataKeys.generate()) {
            List<KeyGroup> wrapped = dataKeys.wrap(groups, threshold, dataKey);
            return seal(file.branches(), file.metadata().withKeyGroups(wrapped, threshold), dataKey, file.cipher());
        }
    }

    public EncryptedDocument rewrap(EncryptedDocument document, DecryptOptions options, List<KeyGroup> groups,
            int shamirThreshold) {
        try (DecryptedFile file = decrypt(document, options)) {
            int threshold = DataKeys.effectiveThreshold(groups, shamirThreshold);
            List<KeyGroup> wrapped = dataKeys.wrap(groups, threshold, file.dataKey());
            Metadata md = file.metadata().withKeyGroups(wrapped, threshold);
            return new EncryptedDocument(document.branches(), MetadataCodec.write(md));
        }
    }

    /** Encrypts branches, computes the MAC and stamps lastmodified from the clock. */
    private EncryptedDocument seal(List<Mapping> plain, Metadata md, SecretBytes dataKey, ValueCipher cipher) {
        Mac mac = new Mac(md.macOnlyEncrypted());
        EncryptionPolicy policy = policy(md.rule());
        ValueJobs jobs = jobsFor(plain, cipher);
        TreeWalker walker = new TreeWalker(policy, new TreeWalker.Leaves() {
            @Override
            public Scalar value(Scalar value, String aad, boolean covered) {
                if (jobs.planning()) {
                    mac.defer(value, covered);
                    // The IV is drawn now, in document order: the same random stream gives the same bytes.
                    if (covered && !AesGcmValueCipher.isEmpty(value)) {
                        jobs.add(cipher.encryptLater(value, dataKey, aad));
                    }
                    return value;
                }
                mac.add(value, covered);
                if (!covered || AesGcmValueCipher.isEmpty(value)) {
                    return value;
                }
                return new StrValue(jobs.fromPlan() ? jobs.next() : cipher.encryptLater(value, dataKey, aad).get());
            }

            @Override
            public Comment comment(Comment c, String aad, boolean covered) {
                if (!covered) {
                    return c;
                }
                if (jobs.planning()) {
                    jobs.add(cipher.encryptCommentLater(c.text(), dataKey, aad));
                    return c;
                }
                String encrypted = jobs.fromPlan() ? jobs.next()
                        : cipher.encryptCommentLater(c.text(), dataKey, aad).get();
                if (policy.encryptedCommentLooksLikeMarker(encrypted)) {
                    throw new CryptoException(ExitCode.ERROR_ENCRYPTING_TREE, "Error encrypting tree: an encrypted"
                            + " comment at \"" + aad + "\" matches unencrypted_comment_regex, so it could not be"
                            + " decrypted again; use a regex that cannot match ENC[...] text", null);
                }
                return c.withText(encrypted);
            }
        });
        // Encryption does not change the plaintexts: the MAC is hashed while the values are encrypted.
        List<Mapping> encrypted = walk(walker, jobs, plain, mac);
        String lastModified = GoFormat.nowRfc3339(clock);
        String macValue = cipher.encrypt(new StrValue(mac.hex()), dataKey, lastModified);
        Metadata sealed = md.withMac(lastModified, macValue);
        return new EncryptedDocument(encrypted, MetadataCodec.write(sealed));
    }

    private static EncryptionPolicy policy(Optional<EncryptionRule> rule) {
        return new EncryptionPolicy(rule.orElse(EncryptionRule.DEFAULT));
    }
}
