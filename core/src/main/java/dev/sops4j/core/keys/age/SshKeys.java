package dev.sops4j.core.keys.age;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Parsing of SSH public keys (authorized_keys form) and unencrypted SSH private key files, for age's ssh stanzas. */
final class SshKeys {
    static final String ED25519 = "ssh-ed25519";
    static final String RSA = "ssh-rsa";

    private SshKeys() {
    }

    /** An SSH public key: its type, its wire encoding (what age hashes and salts with) and the parsed key. */
    record PublicKey(String type, byte[] wire, AsymmetricKeyParameter key) {
        /** age's stanza tag: the first 4 bytes of SHA-256 over the wire encoding, base64. */
        String tag() {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(wire);
                return AgeCrypto.b64(Arrays.copyOf(hash, 4));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }
    }

    /** Parses {@code ssh-ed25519 AAAA... [comment]} or {@code ssh-rsa AAAA... [comment]}. */
    static PublicKey parsePublicKey(String line) throws GeneralSecurityException {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            throw new GeneralSecurityException("malformed SSH public key");
        }
        byte[] wire;
        try {
            wire = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("malformed base64 in SSH public key");
        }
        String wireType = wireType(wire);
        if (!parts[0].equals(wireType)) {
            throw new GeneralSecurityException("SSH public key type " + parts[0] + " does not match its encoding");
        }
        if (!ED25519.equals(wireType) && !RSA.equals(wireType)) {
            throw new GeneralSecurityException("unsupported SSH key type " + wireType);
        }
        AsymmetricKeyParameter key;
        try {
            key = OpenSSHPublicKeyUtil.parsePublicKey(wire);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("malformed SSH public key");
        }
        return new PublicKey(wireType, wire, key);
    }

    private static String wireType(byte[] wire) throws GeneralSecurityException {
        if (wire.length < 4) {
            throw new GeneralSecurityException("malformed SSH public key");
        }
        int len = ByteBuffer.wrap(wire).getInt();
        if (len < 0 || len > wire.length - 4) {
            throw new GeneralSecurityException("malformed SSH public key");
        }
        return new String(wire, 4, len, StandardCharsets.US_ASCII);
    }

    /**
     * Parses an SSH private key file (OpenSSH, PKCS#1 or PKCS#8 PEM) into an age identity. A passphrase-protected
     * OpenSSH key becomes an identity that asks {@code passphrases} only when a stanza is addressed to it.
     */
    static AgeIdentity parsePrivateKey(String pem, String label, PassphraseProvider passphrases)
            throws GeneralSecurityException {
        PemObject object;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            object = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException("malformed PEM in SSH private key");
        }
        if (object == null) {
            throw new GeneralSecurityException("no PEM block found in SSH private key");
        }
        boolean legacyEncrypted = false;
        for (Object h : object.getHeaders()) {
            PemHeader header = (PemHeader) h;
            legacyEncrypted |= "Proc-Type".equalsIgnoreCase(header.getName()) && header.getValue().contains("ENCRYPTED");
        }
        if (legacyEncrypted) {
            throw new GeneralSecurityException("passphrase-protected PEM (non-OpenSSH) SSH keys are not supported");
        }
        if (isEncryptedOpenSsh(object)) {
            return new EncryptedSshIdentity(object.getContent(), embeddedPublicKey(object.getContent()), label,
                    passphrases);
        }
        AsymmetricKeyParameter key;
        try {
            key = switch (object.getType()) {
                case "OPENSSH PRIVATE KEY", "RSA PRIVATE KEY" ->
                        OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(object.getContent());
                case "PRIVATE KEY" -> PrivateKeyFactory.createKey(object.getContent());
                default -> throw new GeneralSecurityException("unsupported PEM type " + object.getType());
            };
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException("malformed SSH private key");
        }
        return identityFor(key);
    }

    /** The age identity of a decrypted SSH private key. */
    static AgeIdentity identityFor(AsymmetricKeyParameter key) throws GeneralSecurityException {
        if (key instanceof Ed25519PrivateKeyParameters ed) {
            Ed25519PublicKeyParameters pub = ed.generatePublicKey();
            return new SshEd25519.Identity(ed, toPublic(ED25519, pub));
        }
        if (key instanceof RSAPrivateCrtKeyParameters rsa) {
            RSAKeyParameters pub = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            return new SshRsa.Identity(rsa, toPublic(RSA, pub));
        }
        throw new GeneralSecurityException("unsupported SSH private key type (only ed25519 and RSA work with age)");
    }

    private static PublicKey toPublic(String type, AsymmetricKeyParameter pub) throws GeneralSecurityException {
        try {
            return new PublicKey(type, OpenSSHPublicKeyUtil.encodePublicKey(pub), pub);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode SSH public key", e);
        }
    }

    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

    private static boolean isEncryptedOpenSsh(PemObject object) throws GeneralSecurityException {
        if (!"OPENSSH PRIVATE KEY".equals(object.getType())) {
            return false;
        }
        ByteBuffer buf = openSshContainer(object.getContent());
        return !"none".equals(new String(sshString(buf), StandardCharsets.US_ASCII));
    }

    /** An OpenSSH key file keeps its public key in clear, so age can match stanzas before asking a passphrase. */
    private static PublicKey embeddedPublicKey(byte[] blob) throws GeneralSecurityException {
        ByteBuffer buf = openSshContainer(blob);
        sshString(buf); // cipher name
        sshString(buf); // KDF name
        sshString(buf); // KDF options
        if (buf.remaining() < 4 || buf.getInt() != 1) {
            throw new GeneralSecurityException("OpenSSH key files with several keys are not supported");
        }
        byte[] wire = sshString(buf);
        String type = wireType(wire);
        try {
            return new PublicKey(type, wire, OpenSSHPublicKeyUtil.parsePublicKey(wire));
        } catch (RuntimeException e) {
            throw new GeneralSecurityException("malformed public key in OpenSSH private key");
        }
    }

    private static ByteBuffer openSshContainer(byte[] blob) throws GeneralSecurityException {
        if (blob.length < OPENSSH_MAGIC.length || !Arrays.equals(Arrays.copyOf(blob, OPENSSH_MAGIC.length),
                OPENSSH_MAGIC)) {
            throw new GeneralSecurityException("malformed OpenSSH private key");
        }
        return ByteBuffer.wrap(blob, OPENSSH_MAGIC.length, blob.length - OPENSSH_MAGIC.length);
    }

    private static byte[] sshString(ByteBuffer buf) throws GeneralSecurityException {
        if (buf.remaining() < 4) {
            throw new GeneralSecurityException("malformed OpenSSH private key");
        }
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining()) {
            throw new GeneralSecurityException("malformed OpenSSH private key");
        }
        byte[] out = new byte[len];
        buf.get(out);
        return out;
    }
}
