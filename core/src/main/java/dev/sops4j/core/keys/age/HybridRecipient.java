package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/** A post-quantum hybrid {@code age1pq1...} recipient: one {@code mlkem768x25519} stanza per file key. */
final class HybridRecipient implements RecipientStanzaWriter {
    static final String HRP = "age1pq";
    static final String STANZA_TYPE = "mlkem768x25519";
    static final byte[] LABEL = "age-encryption.org/mlkem768x25519".getBytes(StandardCharsets.US_ASCII);

    private final byte[] publicKey;

    private HybridRecipient(byte[] publicKey) {
        this.publicKey = publicKey;
    }

    static HybridRecipient parse(String recipient) throws GeneralSecurityException {
        Bech32.Decoded d;
        try {
            d = Bech32.decode(recipient);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a valid Bech32-encoded post-quantum age public key ("
                    + e.getMessage() + ")");
        }
        if (!HRP.equals(d.hrp())) {
            throw new GeneralSecurityException("not a post-quantum age public key");
        }
        HybridKem.check(d.data());
        return new HybridRecipient(d.data());
    }

    @Override
    public Iterable<RecipientStanza> getRecipientStanzas(FileKey fileKey) throws GeneralSecurityException {
        byte[] fk = fileKey.getEncoded();
        try {
            byte[][] sealed = HybridKem.seal(publicKey, LABEL, fk);
            return List.of(new Stanza(STANZA_TYPE, List.of(AgeCrypto.b64(sealed[0])), sealed[1]));
        } finally {
            Arrays.fill(fk, (byte) 0);
        }
    }
}
