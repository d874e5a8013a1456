package dev.sops4j.kms.fake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake's key store and ciphertext format. Like real KMS, a ciphertext blob names the key that made it and is
 * authenticated together with the encryption context, so decrypting with another context or a forged blob fails.
 * Blob layout (fake-specific): {@code "FKMS" | 0x01 | u16 arnLength | arn | 12-byte nonce | AES-256-GCM(plaintext)}
 * with AAD = {@code arn | 0x00 | for each context entry sorted by key: u16 len | key | u16 len | value}.
 */
final class FakeKmsKeys {
    private static final byte[] MAGIC = "FKMS".getBytes(StandardCharsets.US_ASCII);

    /** A blob that is not ours, was tampered with, or whose context does not match. */
    static final class BadCiphertext extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Decrypt result: which key made the blob, and the plaintext. */
    record Opened(String keyArn, byte[] plaintext) {
    }

    private final String accountId;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> material = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();

    FakeKmsKeys(String accountId) {
        this.accountId = accountId;
    }

    String create(String region) {
        String arn = "arn:aws:kms:" + region + ":" + accountId + ":key/" + UUID.randomUUID();
        byte[] k = new byte[32];
        random.nextBytes(k);
        material.put(arn, k);
        return arn;
    }

    String alias(String keyArn, String name) {
        String region = keyArn.split(":")[3];
        String aliasArn = "arn:aws:kms:" + region + ":" + accountId + ":alias/" + name;
        aliases.put(aliasArn, keyArn);
        return aliasArn;
    }

    /** Key ARN for a KeyId in any form KMS accepts (key ARN, alias ARN, key id, alias name) in {@code region}. */
    Optional<String> resolve(String keyId, String region) {
        if (keyId == null || keyId.isEmpty()) {
            return Optional.empty();
        }
        String prefix = "arn:aws:kms:" + region + ":" + accountId + ":";
        String full = keyId.startsWith("arn:") ? keyId
                : keyId.startsWith("alias/") ? prefix + keyId : prefix + "key/" + keyId;
        if (!full.startsWith(prefix)) {
            return Optional.empty(); // another region or account: real KMS would not find it here either
        }
        if (material.containsKey(full)) {
            return Optional.of(full);
        }
        return Optional.ofNullable(aliases.get(full));
    }

    byte[] seal(String keyArn, byte[] plaintext, Map<String, String> context) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] arn = keyArn.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(material.get(keyArn), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(keyArn, context));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(MAGIC.length + 3 + arn.length + nonce.length + ct.length)
                    .put(MAGIC).put((byte) 1).putShort((short) arn.length).put(arn).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Opened open(byte[] blob, Map<String, String> context) throws BadCiphertext {
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC) || in.get() != 1) {
                throw new BadCiphertext();
            }
            byte[] arn = new byte[in.getShort() & 0xffff];
            in.get(arn);
            byte[] nonce = new byte[12];
            in.get(nonce);
            byte[] ct = new byte[in.remaining()];
            in.get(ct);
            String keyArn = new String(arn, StandardCharsets.UTF_8);
            byte[] k = material.get(keyArn);
            if (k == null) {
                throw new BadCiphertext();
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(keyArn, context));
            return new Opened(keyArn, c.doFinal(ct));
        } catch (RuntimeException | GeneralSecurityException e) {
            throw new BadCiphertext();
        }
    }

    private static byte[] aad(String keyArn, Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(keyArn.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        new TreeMap<>(context).forEach((k, v) -> {
            writeField(out, k);
            writeField(out, v);
        });
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }
}
