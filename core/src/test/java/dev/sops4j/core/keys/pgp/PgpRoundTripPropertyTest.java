package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * wrap/unwrap round trip of data keys (32 bytes) and Shamir shares (33 bytes) through BouncyCastle alone. The legacy
 * rings are read in place (read-only): with gpg disabled nothing writes to that directory.
 */
class PgpRoundTripPropertyTest {

    @Property(tries = 30)
    void wrapThenUnwrapGivesTheSecretBack(@ForAll("secrets") byte[] secret) throws IOException {
        Path ring = SharedData.file("sops-vectors/keys/pgp/unit-testdata/ring/secring.gpg").getParent();
        PgpKeySource source = new PgpKeySource(PgpKeySourceBouncyCastleTest.env(ring));
        PgpKeyRef wrapped = source.wrap(new PgpKeyRef(PgpKeySourceBouncyCastleTest.FLUX_FP, "", ""),
                SecretBytes.copyOf(secret));
        assertEquals(wrapped.enc(), PgpArmor.encodeMessage(PgpArmor.decodeFirst(wrapped.enc())), "canonical armor");
        try (SecretBytes back = source.unwrap(wrapped)) {
            assertArrayEquals(secret, back.copy());
        }
    }

    @Provide
    Arbitrary<byte[]> secrets() {
        return Arbitraries.of(32, 33).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
    }
}
