package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import java.security.GeneralSecurityException;
import java.util.List;

/** A post-quantum hybrid {@code AGE-SECRET-KEY-PQ-1...} identity (a 32-byte MLKEM768-X25519 seed). */
final class HybridIdentity implements AgeIdentity {
    static final String HRP = "AGE-SECRET-KEY-PQ-";

    private final byte[] seed;

    private HybridIdentity(byte[] seed) {
        this.seed = seed;
    }

    /** @throws GeneralSecurityException with a reason that never echoes the key */
    static HybridIdentity parse(String identity) throws GeneralSecurityException {
        return new HybridIdentity(decodeSeed(identity));
    }

    static byte[] decodeSeed(String identity) throws GeneralSecurityException {
        Bech32.Decoded d;
        try {
            d = Bech32.decode(identity);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("malformed post-quantum identity (" + e.getMessage() + ")");
        }
        if (!HRP.equals(d.hrp()) || d.data().length != HybridKem.SEED_LENGTH) {
            throw new GeneralSecurityException("malformed post-quantum identity");
        }
        return d.data();
    }

    @Override
    public FileKey unwrap(List<RecipientStanza> stanzas) throws GeneralSecurityException {
        for (RecipientStanza s : stanzas) {
            if (!HybridRecipient.STANZA_TYPE.equals(s.getType())) {
                continue;
            }
            if (s.getArguments().size() != 1) {
                throw new GeneralSecurityException("invalid mlkem768x25519 recipient stanza");
            }
            byte[] enc = AgeCrypto.unb64(s.getArguments().get(0), HybridKem.ENC_LENGTH);
            byte[] body = s.getBody();
            if (body.length != AgeCrypto.WRAPPED_FILE_KEY_LENGTH) {
                throw new GeneralSecurityException("invalid mlkem768x25519 stanza body length");
            }
            byte[] key = HybridKem.open(seed, enc, HybridRecipient.LABEL, body);
            if (key != null) {
                return new FileKey(key);
            }
        }
        return null;
    }
}
