package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** Key sources for tests that need no real PGP or age implementation. */
final class TestKeySources {
    private TestKeySources() {
    }

    /** Answers every PGP key with a data key known from the test vectors' expected files. */
    static KeySource<PgpKeyRef> pgpKnownDataKey(String dataKeyHex) {
        return new KeySource<>() {
            @Override
            public Class<PgpKeyRef> refType() {
                return PgpKeyRef.class;
            }

            @Override
            public PgpKeyRef wrap(PgpKeyRef ref, SecretBytes secret) {
                throw new UnsupportedOperationException("read-only test source");
            }

            @Override
            public SecretBytes unwrap(PgpKeyRef ref) {
                return SecretBytes.wrap(HexFormat.of().parseHex(dataKeyHex));
            }
        };
    }

    /**
     * "Wraps" by base64-encoding with a recipient-bound prefix: no security, only the plumbing of wrapping,
     * Shamir and decryption order. Recipients in {@code unavailable} fail to unwrap.
     */
    static KeySource<AgeKeyRef> plainAge(Set<String> unavailable) {
        return new KeySource<>() {
            @Override
            public Class<AgeKeyRef> refType() {
                return AgeKeyRef.class;
            }

            @Override
            public AgeKeyRef wrap(AgeKeyRef ref, SecretBytes secret) {
                byte[] b = secret.copy();
                return ref.withEnc(ref.recipient() + ":" + Base64.getEncoder().encodeToString(b));
            }

            @Override
            public SecretBytes unwrap(AgeKeyRef ref) {
                if (unavailable.contains(ref.recipient())) {
                    throw new KeySourceException("no identity matched recipient " + ref.recipient());
                }
                String prefix = ref.recipient() + ":";
                if (!ref.enc().startsWith(prefix)) {
                    throw new KeySourceException("enc was not made for " + ref.recipient());
                }
                return SecretBytes.wrap(Base64.getDecoder().decode(ref.enc().substring(prefix.length())));
            }
        };
    }

    /** Unwraps age stanzas with the real {@code age} CLI and the given identity file; skips when age is absent. */
    static KeySource<AgeKeyRef> ageCli(Path identity) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/age")), "the age CLI is not installed: skipping");
        return new KeySource<>() {
            @Override
            public Class<AgeKeyRef> refType() {
                return AgeKeyRef.class;
            }

            @Override
            public AgeKeyRef wrap(AgeKeyRef ref, SecretBytes secret) {
                throw new UnsupportedOperationException("read-only test source");
            }

            @Override
            public SecretBytes unwrap(AgeKeyRef ref) {
                try {
                    Process p = new ProcessBuilder("/usr/bin/age", "-d", "-i", identity.toString()).start();
                    try (OutputStream in = p.getOutputStream()) {
                        in.write(ref.enc().getBytes(StandardCharsets.UTF_8));
                    }
                    byte[] out = readAll(p.getInputStream());
                    String err = new String(readAll(p.getErrorStream()), StandardCharsets.UTF_8).trim();
                    if (p.waitFor() != 0) {
                        throw new KeySourceException("age -d failed: " + err.replace('\n', ' '));
                    }
                    return SecretBytes.wrap(out);
                } catch (IOException e) {
                    throw new KeySourceException("could not run age: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KeySourceException("interrupted", e);
                }
            }
        };
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }
}
