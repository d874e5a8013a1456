package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import dev.sops4j.core.error.KeySourceException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/** Native age key pairs (X25519 and post-quantum hybrid): generation (as {@code age-keygen} does) and identity-to-recipient derivation. */
public final class AgeKeys {
    private static final String IDENTITY_HRP = "age-secret-key-";
    private static final String RECIPIENT_HRP = "age";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    /**
     * A fresh key pair. {@code fileText} is what {@code age-keygen} writes: {@code # created: <RFC 3339>},
     * {@code # public key: age1...}, then the identity, each line ending in a newline. {@link #toString()} hides
     * the secret.
     */
    public record GeneratedIdentity(String identity, String recipient, String fileText) {
        @Override
        public String toString() {
            return "GeneratedIdentity[recipient=" + recipient + "]";
        }
    }

    private AgeKeys() {
    }

    public static GeneratedIdentity generateIdentity() {
        return generateIdentity(Clock.systemDefaultZone(), new SecureRandom());
    }

    /** As {@link #generateIdentity()}, with the clock (time and zone of the comment) and randomness given. */
    public static GeneratedIdentity generateIdentity(Clock clock, SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            return generated(clock, encodeIdentity(secret), recipientFromSecret(secret));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** A fresh post-quantum hybrid key pair ({@code AGE-SECRET-KEY-PQ-1...}), as {@code age-keygen -pq} writes it. */
    public static GeneratedIdentity generateHybridIdentity() {
        return generateHybridIdentity(Clock.systemDefaultZone(), new SecureRandom());
    }

    /** As {@link #generateHybridIdentity()}, with the clock and randomness given. */
    public static GeneratedIdentity generateHybridIdentity(Clock clock, SecureRandom random) {
        byte[] seed = new byte[HybridKem.SEED_LENGTH];
        random.nextBytes(seed);
        try {
            String identity = dev.sops4j.core.keys.age.Bech32.encode(HybridIdentity.HRP, seed).toUpperCase(Locale.ROOT);
            return generated(clock, identity, dev.sops4j.core.keys.age.Bech32.encode(HybridRecipient.HRP, HybridKem.publicKey(seed)));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static GeneratedIdentity generated(Clock clock, String identity, String recipient) {
        String created = RFC3339.format(ZonedDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
        String text = "# created: " + created + "\n# public key: " + recipient + "\n" + identity + "\n";
        return new GeneratedIdentity(identity, recipient, text);
    }

    /**
     * The {@code age1...} recipient of an {@code AGE-SECRET-KEY-1...} identity, or the {@code age1pq1...} one of an
     * {@code AGE-SECRET-KEY-PQ-1...} identity.
     *
     * @throws KeySourceException when {@code identity} is not a valid X25519 identity (the message never echoes it)
     */
    public static String recipientOf(String identity) {
        if (identity.strip().startsWith("AGE-SECRET-KEY-PQ-1")) {
            byte[] seed = null;
            try {
                seed = HybridIdentity.decodeSeed(identity.strip());
                return dev.sops4j.core.keys.age.Bech32.encode(HybridRecipient.HRP, HybridKem.publicKey(seed));
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                throw new KeySourceException("invalid age identity: expected a Bech32 AGE-SECRET-KEY-PQ-1... string");
            } finally {
                if (seed != null) {
                    Arrays.fill(seed, (byte) 0);
                }
            }
        }
        byte[] secret;
        try {
            secret = decodeIdentity(identity.strip());
        } catch (RuntimeException e) {
            throw new KeySourceException("invalid age identity: expected a Bech32 AGE-SECRET-KEY-1... string");
        }
        try {
            return recipientFromSecret(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The 32 secret bytes of an X25519 identity; throws IllegalArgumentException when malformed. */
    static byte[] decodeIdentity(String identity) {
        if (!identity.equals(identity.toUpperCase(Locale.ROOT))) {
            // age writes identities upper-case and Bech32 forbids mixed case.
            throw new IllegalArgumentException("identity must be upper-case");
        }
        Bech32Address address = Bech32.getDecoder().decode(identity.toLowerCase(Locale.ROOT));
        if (!IDENTITY_HRP.contentEquals(address.getHumanReadablePart()) || address.getData().length != 32) {
            throw new IllegalArgumentException("not an X25519 identity");
        }
        return address.getData();
    }

    /** The 32-byte X25519 public key of an {@code age1...} recipient; throws IllegalArgumentException when malformed. */
    static byte[] decodeRecipient(String recipient) {
        Bech32Address address = Bech32.getDecoder().decode(recipient);
        if (!RECIPIENT_HRP.contentEquals(address.getHumanReadablePart()) || address.getData().length != 32) {
            throw new IllegalArgumentException("not an X25519 recipient");
        }
        return address.getData();
    }

    private static String encodeIdentity(byte[] secret) {
        return Bech32.getEncoder().encode(IDENTITY_HRP, secret).toString().toUpperCase(Locale.ROOT);
    }

    private static String recipientFromSecret(byte[] secret) {
        return Bech32.getEncoder().encode(RECIPIENT_HRP, AgeCrypto.x25519Base(secret)).toString();
    }
}
