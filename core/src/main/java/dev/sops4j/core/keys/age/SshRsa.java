package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;

/** age's {@code ssh-rsa} stanza: the file key encrypted with RSA-OAEP (SHA-256, MGF1-SHA-256) under a fixed label. */
final class SshRsa {
    static final byte[] LABEL = "age-encryption.org/v1/ssh-rsa".getBytes(StandardCharsets.US_ASCII);

    private SshRsa() {
    }

    private static OAEPEncoding oaep() {
        return new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), LABEL);
    }

    /** Wraps file keys for one {@code ssh-rsa} public key. */
    static final class Recipient implements RecipientStanzaWriter {
        private final SshKeys.PublicKey key;
        private final SecureRandom random;

        Recipient(SshKeys.PublicKey key, SecureRandom random) {
            this.key = key;
            this.random = random;
        }

        @Override
        public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
            OAEPEncoding cipher = oaep();
            cipher.init(true, new ParametersWithRandom(key.key(), random));
            byte[] fk = fileKey.getEncoded();
            try {
                byte[] body = cipher.processBlock(fk, 0, fk.length);
                return List.of(new Stanza(SshKeys.RSA, List.of(key.tag()), body));
            } catch (InvalidCipherTextException | RuntimeException e) {
                throw new GeneralSecurityException("RSA-OAEP encryption failed", e);
            } finally {
                Arrays.fill(fk, (byte) 0);
            }
        }
    }

    /** Unwraps {@code ssh-rsa} stanzas addressed to one private key. */
    static final class Identity implements AgeIdentity {
        private final RSAPrivateCrtKeyParameters privateKey;
        private final SshKeys.PublicKey publicKey;

        Identity(RSAPrivateCrtKeyParameters privateKey, SshKeys.PublicKey publicKey) {
            this.privateKey = privateKey;
            this.publicKey = publicKey;
        }

        @Override
        public FileKey unwrap(List<RecipientStanza> stanzas) throws GeneralSecurityException {
            String tag = publicKey.tag();
            for (RecipientStanza s : stanzas) {
                if (!SshKeys.RSA.equals(s.getType())) {
                    continue;
                }
                if (s.getArguments().size() != 1) {
                    throw new GeneralSecurityException("invalid ssh-rsa stanza");
                }
                if (!tag.equals(s.getArguments().get(0))) {
                    continue;
                }
                OAEPEncoding cipher = oaep();
                cipher.init(false, privateKey);
                byte[] body = s.getBody();
                try {
                    byte[] fk = cipher.processBlock(body, 0, body.length);
                    if (fk.length != AgeCrypto.FILE_KEY_LENGTH) {
                        throw new GeneralSecurityException("invalid ssh-rsa stanza: wrong file key size");
                    }
                    return new FileKey(fk);
                } catch (InvalidCipherTextException | RuntimeException e) {
                    // A tag collision with another key: not ours, keep looking.
                }
            }
            return null;
        }
    }
}
