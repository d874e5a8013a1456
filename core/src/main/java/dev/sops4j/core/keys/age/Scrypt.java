package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.generators.SCrypt;

/** age's passphrase ({@code scrypt}) stanza, used for passphrase-protected identity files. */
final class Scrypt {
    static final String TYPE = "scrypt";
    private static final byte[] SALT_LABEL = "age-encryption.org/v1/scrypt".getBytes(StandardCharsets.US_ASCII);
    /** age refuses work factors above 2^22 by default: larger ones are a denial-of-service risk. */
    static final int MAX_WORK_FACTOR = 22;

    private Scrypt() {
    }

    /** A wrong passphrase: reported as such rather than as "no identity matched". */
    static final class IncorrectPassphraseException extends GeneralSecurityException {
        IncorrectPassphraseException() {
            super("incorrect passphrase");
        }
    }

    private static byte[] wrapKey(byte[] passphrase, byte[] salt, int logN) {
        return SCrypt.generate(passphrase, AgeCrypto.concat(SALT_LABEL, salt), 1 << logN, 8, 1, 32);
    }

    /** Wraps a file key under a passphrase (used to create protected identity files, e.g. in tests). */
    static final class Recipient implements RecipientStanzaWriter {
        private final byte[] passphrase;
        private final int logN;
        private final SecureRandom random;

        Recipient(byte[] passphrase, int logN, SecureRandom random) {
            this.passphrase = passphrase.clone();
            this.logN = logN;
            this.random = random;
        }

        @Override
        public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            byte[] fk = fileKey.getEncoded();
            byte[] body = AgeCrypto.seal(wrapKey(passphrase, salt, logN), fk);
            Arrays.fill(fk, (byte) 0);
            return List.of(new Stanza(TYPE, List.of(AgeCrypto.b64(salt), Integer.toString(logN)), body));
        }
    }

    /** Unwraps a lone scrypt stanza with a passphrase. */
    static final class Identity implements AgeIdentity {
        private final byte[] passphrase;

        Identity(byte[] passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public FileKey unwrap(List<RecipientStanza> stanzas) throws GeneralSecurityException {
            boolean any = stanzas.stream().anyMatch(s -> TYPE.equals(s.getType()));
            if (!any) {
                return null;
            }
            if (stanzas.size() != 1) {
                throw new GeneralSecurityException("an scrypt stanza must be the only one in the header");
            }
            RecipientStanza s = stanzas.get(0);
            List<String> args = s.getArguments();
            if (args.size() != 2 || !args.get(1).matches("[1-9][0-9]{0,2}")) {
                throw new GeneralSecurityException("invalid scrypt stanza");
            }
            byte[] salt = AgeCrypto.unb64(args.get(0), 16);
            int logN = Integer.parseInt(args.get(1));
            if (logN > MAX_WORK_FACTOR) {
                throw new GeneralSecurityException("scrypt work factor 2^" + logN + " is too large");
            }
            byte[] body = s.getBody();
            if (body.length != AgeCrypto.WRAPPED_FILE_KEY_LENGTH) {
                throw new GeneralSecurityException("invalid scrypt stanza body length");
            }
            try {
                return new FileKey(AgeCrypto.open(wrapKey(passphrase, salt, logN), body));
            } catch (GeneralSecurityException e) {
                throw new IncorrectPassphraseException();
            }
        }
    }
}
