package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * age's {@code ssh-ed25519} stanza: X25519 to the Montgomery form of the Ed25519 key, with the shared secret
 * "tweaked" by a scalar derived from the SSH public key so the stanza is bound to that exact SSH key.
 */
final class SshEd25519 {
    static final String LABEL = "age-encryption.org/v1/ssh-ed25519";
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private SshEd25519() {
    }

    /** Wraps file keys for one {@code ssh-ed25519} public key. */
    static final class Recipient implements RecipientStanzaWriter {
        private final SshKeys.PublicKey key;
        private final byte[] montgomery;
        private final SecureRandom random;

        Recipient(SshKeys.PublicKey key, SecureRandom random) throws GeneralSecurityException {
            this.key = key;
            this.montgomery = toMontgomery(((Ed25519PublicKeyParameters) key.key()).getEncoded());
            this.random = random;
        }

        @Override
        public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
            byte[] ephemeral = new byte[32];
            random.nextBytes(ephemeral);
            byte[] share = AgeCrypto.x25519Base(ephemeral);
            byte[] shared = tweak(key, AgeCrypto.x25519(ephemeral, montgomery));
            Arrays.fill(ephemeral, (byte) 0);
            byte[] wrapKey = AgeCrypto.hkdf(shared, AgeCrypto.concat(share, montgomery), LABEL);
            Arrays.fill(shared, (byte) 0);
            byte[] fk = fileKey.getEncoded();
            byte[] body = AgeCrypto.seal(wrapKey, fk);
            Arrays.fill(fk, (byte) 0);
            return List.of(new Stanza(SshKeys.ED25519, List.of(key.tag(), AgeCrypto.b64(share)), body));
        }
    }

    /** Unwraps {@code ssh-ed25519} stanzas addressed to one private key. */
    static final class Identity implements AgeIdentity {
        private final SshKeys.PublicKey publicKey;
        private final byte[] scalar;
        private final byte[] montgomery;

        Identity(Ed25519PrivateKeyParameters privateKey, SshKeys.PublicKey publicKey) throws GeneralSecurityException {
            this.publicKey = publicKey;
            // Ed25519's secret scalar is the first half of SHA-512(seed); X25519 applies the same clamping.
            byte[] hash = MessageDigest.getInstance("SHA-512").digest(privateKey.getEncoded());
            this.scalar = Arrays.copyOf(hash, 32);
            Arrays.fill(hash, (byte) 0);
            this.montgomery = toMontgomery(((Ed25519PublicKeyParameters) publicKey.key()).getEncoded());
        }

        @Override
        public FileKey unwrap(List<RecipientStanza> stanzas) throws GeneralSecurityException {
            String tag = publicKey.tag();
            for (RecipientStanza s : stanzas) {
                if (!SshKeys.ED25519.equals(s.getType())) {
                    continue;
                }
                List<String> args = s.getArguments();
                if (args.size() != 2) {
                    throw new GeneralSecurityException("invalid ssh-ed25519 stanza");
                }
                if (!tag.equals(args.get(0))) {
                    continue;
                }
                byte[] share = AgeCrypto.unb64(args.get(1), 32);
                byte[] body = s.getBody();
                if (body.length != AgeCrypto.WRAPPED_FILE_KEY_LENGTH) {
                    throw new GeneralSecurityException("invalid ssh-ed25519 stanza body length");
                }
                byte[] shared = tweak(publicKey, AgeCrypto.x25519(scalar, share));
                byte[] wrapKey = AgeCrypto.hkdf(shared, AgeCrypto.concat(share, montgomery), LABEL);
                Arrays.fill(shared, (byte) 0);
                try {
                    return new FileKey(AgeCrypto.open(wrapKey, body));
                } catch (GeneralSecurityException e) {
                    // A tag collision with another key: not ours, keep looking.
                }
            }
            return null;
        }
    }

    private static byte[] tweak(SshKeys.PublicKey key, byte[] shared) throws GeneralSecurityException {
        byte[] tweak = AgeCrypto.hkdf(new byte[0], key.wire(), LABEL);
        try {
            return AgeCrypto.x25519(tweak, shared);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** The birational map from an Edwards y coordinate to the Montgomery u coordinate: u = (1 + y) / (1 - y). */
    static byte[] toMontgomery(byte[] edwards) throws GeneralSecurityException {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = edwards[31 - i];
        }
        be[0] &= 0x7f;
        BigInteger y = new BigInteger(1, be);
        BigInteger denominator = BigInteger.ONE.subtract(y).mod(P);
        if (y.compareTo(P) >= 0 || denominator.signum() == 0) {
            throw new GeneralSecurityException("invalid Ed25519 public key");
        }
        BigInteger u = BigInteger.ONE.add(y).multiply(denominator.modInverse(P)).mod(P);
        byte[] raw = u.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < raw.length; i++) {
            out[i] = raw[raw.length - 1 - i];
        }
        return out;
    }
}
