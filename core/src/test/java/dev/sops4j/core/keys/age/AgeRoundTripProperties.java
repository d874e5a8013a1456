package dev.sops4j.core.keys.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Wrap/unwrap round trips over arbitrary secrets, and the armor layout age writes. */
class AgeRoundTripProperties {
    private static final AgeKeys.GeneratedIdentity ID = AgeKeys.generateIdentity();
    private static Path home;
    private static String sshRecipient;
    private static AgeKeySource source;

    @BeforeContainer
    static void setUp() throws IOException {
        home = Files.createTempDirectory("age-props");
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        StringWriter pem = new StringWriter();
        try (PemWriter w = new PemWriter(pem)) {
            w.writeObject(new PemObject("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(key)));
        }
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), pem.toString());
        sshRecipient = "ssh-ed25519 " + java.util.Base64.getEncoder()
                .encodeToString(OpenSSHPublicKeyUtil.encodePublicKey(key.generatePublicKey()));
        source = new AgeKeySource(new Environment(Map.of("SOPS_AGE_KEY", ID.identity()), home, home),
                AgeTestSupport.NO_PASSPHRASE);
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 60)
    void x25519RoundTrips(@ForAll @Size(max = 200) byte[] secret) {
        AgeKeyRef ref = source.wrap(AgeKeyRef.of(ID.recipient()), SecretBytes.copyOf(secret));
        assertArmorLayout(ref.enc());
        try (SecretBytes out = source.unwrap(ref)) {
            assertArrayEquals(secret, out.copy());
        }
    }

    @Property(tries = 30)
    void sshEd25519RoundTrips(@ForAll @Size(max = 100) byte[] secret) {
        AgeKeyRef ref = source.wrap(AgeKeyRef.of(sshRecipient), SecretBytes.copyOf(secret));
        assertArmorLayout(ref.enc());
        try (SecretBytes out = source.unwrap(ref)) {
            assertArrayEquals(secret, out.copy());
        }
    }

    /** RFC 7468 strict: BEGIN line, full 64-column lines, one shorter (non-empty) line, END line, final newline. */
    private static void assertArmorLayout(String armor) {
        String[] lines = armor.split("\n", -1);
        int n = lines.length;
        assertTrue(lines[0].equals("-----BEGIN AGE ENCRYPTED FILE-----"), armor);
        assertTrue(lines[n - 2].equals("-----END AGE ENCRYPTED FILE-----") && lines[n - 1].isEmpty(), armor);
        for (int i = 1; i < n - 3; i++) {
            assertTrue(lines[i].length() == 64, armor);
        }
        assertTrue(lines[n - 3].length() > 0 && lines[n - 3].length() <= 64, armor);
    }
}
