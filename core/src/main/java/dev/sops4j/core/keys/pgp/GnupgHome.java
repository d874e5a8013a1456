package dev.sops4j.core.keys.pgp;

import dev.sops4j.core.env.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * The key files of a GnuPG home that BouncyCastle can read: the public keybox ({@code pubring.kbx}, GnuPG 2.1+) and
 * the legacy {@code pubring.gpg}/{@code secring.gpg}. Secret keys of GnuPG 2.1+ live in the agent's
 * {@code private-keys-v1.d}, which we leave to the gpg binary, as sops does.
 */
record GnupgHome(Path dir) {

    /** {@code $GNUPGHOME}, else {@code ~/.gnupg} under the environment's home. */
    static GnupgHome of(Environment env) {
        return new GnupgHome(env.get("GNUPGHOME").map(Path::of).orElseGet(() -> env.home().resolve(".gnupg")));
    }

    /** The first public key ring, keybox before legacy ring, whose primary key is the one named by {@code query}. */
    Optional<PGPPublicKeyRing> findPublicRing(FingerprintQuery query) throws IOException {
        List<PGPPublicKeyRing> candidates = new ArrayList<>();
        Optional<byte[]> kbx = read(dir.resolve("pubring.kbx"));
        if (kbx.isPresent()) {
            for (byte[] keyblock : KeyboxFile.openPgpKeyblocks(kbx.get())) {
                try {
                    candidates.add(Keyrings.publicRingOfKeyblock(keyblock));
                } catch (IOException e) {
                    // one key BouncyCastle cannot parse must not hide the rest of the keybox
                }
            }
        }
        read(dir.resolve("pubring.gpg")).ifPresent(b -> candidates.addAll(Keyrings.publicRings(b)));
        return candidates.stream().filter(r -> query.matches(r.getPublicKey().getFingerprint())).findFirst();
    }

    /**
     * Secret rings readable without gpg: {@code secring.gpg} (or, when it is absent, secret rings someone exported
     * into {@code pubring.gpg}, as sops' go-crypto path also accepts) plus those of {@code extraKeyFile}.
     */
    List<PGPSecretKeyRing> secretRings(Optional<Path> extraKeyFile) throws IOException {
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        Optional<byte[]> secring = read(dir.resolve("secring.gpg"));
        if (secring.isPresent()) {
            rings.addAll(Keyrings.secretRings(secring.get()));
        } else {
            read(dir.resolve("pubring.gpg")).ifPresent(b -> rings.addAll(Keyrings.secretRings(b)));
        }
        if (extraKeyFile.isPresent()) {
            Path file = extraKeyFile.get();
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new IOException("secret key file " + file + " does not exist", e);
            }
            rings.addAll(Keyrings.secretRingsOfFile(content));
        }
        return rings;
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
