package dev.sops4j.core.keys.pgp;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * PGP master keys, compatible with sops' {@code pgp/keysource.go}: BouncyCastle first, the gpg binary as fallback.
 *
 * <p><b>wrap</b>: the public key named by the fingerprint (spaces stripped, case-insensitive; a long key id that ends
 * the fingerprint also matches) is looked up in {@code $GNUPGHOME/pubring.kbx} and the legacy
 * {@code $GNUPGHOME/pubring.gpg} ({@code $GNUPGHOME} defaults to {@code ~/.gnupg}); the secret is encrypted to its
 * encryption subkey and armored as sops writes it. When that fails, {@code gpg --no-default-recipient --yes --encrypt
 * -a -r <fp> --trusted-key <last 16> --no-encrypt-to} is run with the secret on stdin, its output trimmed.
 *
 * <p><b>unwrap</b>: BouncyCastle tries the unprotected secret keys of {@code $GNUPGHOME/secring.gpg} and of the file
 * named by {@code SOPS4J_PGP_SECRET_KEY_FILE} (a sops4j extension: armored or binary secret keys, for hosts without
 * gpg); otherwise {@code gpg -d} decrypts the armored message from stdin, with gpg-agent handling passphrases.
 *
 * <p>{@code SOPS_GPG_EXEC} replaces the gpg binary (a single path, as in sops). The gpg process gets exactly the
 * variables of the {@link Environment} it was built with.
 */
public final class PgpKeySource implements KeySource<PgpKeyRef> {
    /** Names an armored or binary secret key file that unwrap reads without gpg (sops4j extension). */
    public static final String SECRET_KEY_FILE_VARIABLE = "SOPS4J_PGP_SECRET_KEY_FILE";

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final Environment env;
    private final Clock clock;
    private final GpgCommand gpg;
    private final SecureRandom random = new SecureRandom();

    public PgpKeySource(Environment env) {
        this(env, Clock.systemUTC());
    }

    /** With an explicit clock for {@code created_at}. */
    public PgpKeySource(Environment env, Clock clock) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gpg = new GpgCommand(env);
    }

    @Override
    public Class<PgpKeyRef> refType() {
        return PgpKeyRef.class;
    }

    @Override
    public PgpKeyRef wrap(PgpKeyRef ref, SecretBytes secret) {
        FingerprintQuery query = FingerprintQuery.of(ref.fingerprint());
        String createdAt = ref.createdAt().isEmpty()
                ? RFC3339.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)) : ref.createdAt();
        byte[] plain = secret.copy();
        try {
            String enc;
            try {
                enc = wrapWithBouncyCastle(query, plain);
            } catch (PgpFailure bcFailure) {
                try {
                    enc = wrapWithGpg(query, plain);
                } catch (PgpFailure gpgFailure) {
                    throw failure("encrypt", query.stripped(), bcFailure, gpgFailure);
                }
            }
            return new PgpKeyRef(query.stripped(), createdAt, enc);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public SecretBytes unwrap(PgpKeyRef ref) {
        String fp = FingerprintQuery.of(ref.fingerprint()).stripped();
        if (ref.enc().isBlank()) {
            throw new KeySourceException("could not decrypt data key with PGP key " + fp + ": no encrypted data key");
        }
        try {
            return SecretBytes.wrap(unwrapWithBouncyCastle(ref.enc()));
        } catch (PgpFailure bcFailure) {
            try {
                return SecretBytes.wrap(gpg.run(List.of("-d"), ref.enc().getBytes(StandardCharsets.UTF_8)));
            } catch (PgpFailure gpgFailure) {
                throw failure("decrypt", fp, bcFailure, gpgFailure);
            }
        }
    }

    private String wrapWithBouncyCastle(FingerprintQuery query, byte[] plain) throws PgpFailure {
        GnupgHome home = GnupgHome.of(env);
        Optional<PGPPublicKeyRing> ring;
        try {
            ring = home.findPublicRing(query);
        } catch (IOException e) {
            throw new PgpFailure(ioReason(e), e);
        }
        if (ring.isEmpty()) {
            throw new PgpFailure("public key not found in " + home.dir());
        }
        Instant now = clock.instant();
        PGPPublicKey recipient = EncryptionKeys.select(ring.get(), now).orElseThrow(
                () -> new PgpFailure("key has no valid encryption key (revoked, expired or not for encryption)"));
        return PgpArmor.encodeMessage(PgpMessages.encrypt(recipient, plain, random));
    }

    private String wrapWithGpg(FingerprintQuery query, byte[] plain) throws PgpFailure {
        byte[] out = gpg.run(List.of("--no-default-recipient", "--yes", "--encrypt", "-a", "-r", query.stripped(),
                "--trusted-key", query.trustedKeyId(), "--no-encrypt-to"), plain);
        String armored = new String(out, StandardCharsets.UTF_8).strip();
        if (armored.isEmpty()) {
            throw new PgpFailure("gpg produced no output");
        }
        return armored;
    }

    private byte[] unwrapWithBouncyCastle(String enc) throws PgpFailure {
        byte[] message;
        try {
            message = PgpArmor.decodeFirst(enc);
        } catch (IOException e) {
            throw new PgpFailure("malformed armored PGP message: " + e.getMessage(), e);
        }
        Optional<Path> keyFile = env.get(SECRET_KEY_FILE_VARIABLE).map(Path::of);
        try {
            return PgpMessages.decrypt(message, GnupgHome.of(env).secretRings(keyFile));
        } catch (IOException e) {
            throw new PgpFailure(ioReason(e), e);
        }
    }

    /** One line naming the key and why each path failed; BouncyCastle's exception is kept as the cause. */
    private static KeySourceException failure(String verb, String fp, PgpFailure bc, PgpFailure gpg) {
        String message = "could not " + verb + " data key with PGP key " + fp + ": " + bc.reason() + "; "
                + gpg.reason();
        return new KeySourceException(message.replaceAll("\\s*\\R\\s*", " "), bc);
    }

    private static String ioReason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied reading " + denied.getFile();
        }
        return "cannot read keys: " + e.getMessage();
    }
}
