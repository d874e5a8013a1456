package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.nexus.client.NexusClient;
import dev.sops4j.nexus.spiffe.PemSvidSource;
import dev.sops4j.nexus.spiffe.SpiffeIdentity;
import io.spiffe.spiffeid.TrustDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemSvidSourceTest {
    private final Testbed bed = new Testbed();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        bed.close();
    }

    /** spiffe-helper rewrote the files; make sure the change is visible even on coarse-mtime file systems. */
    private void touchLater(int seconds) throws Exception {
        FileTime t = FileTime.from(Instant.now().plusSeconds(seconds));
        for (String f : new String[] {"svid.pem", "svid_key.pem", "svid_bundle.pem"}) {
            Files.setLastModifiedTime(dir.resolve(f), t);
        }
    }

    @Test
    void loadsSpiffeHelperFiles() throws Exception {
        bed.pki.issue(Testbed.DEPLOYER).writeTo(dir);
        try (PemSvidSource s = PemSvidSource.open(dir)) {
            assertEquals(Testbed.DEPLOYER, s.getX509Svid().getSpiffeId().toString());
            assertEquals(1, s.getBundleForTrustDomain(TrustDomain.parse("spike.ist")).getX509Authorities().size());
            assertThrows(io.spiffe.exception.BundleNotFoundException.class,
                    () -> s.getBundleForTrustDomain(TrustDomain.parse("example.org")));
        }
    }

    @Test
    void reloadsWhenTheFilesChangeAndNewConnectionsUseTheNewSvid() throws Exception {
        bed.nexus.putDirect("sops4j/kek/team-a/app", Map.of("k", "v"));
        bed.grantDeployerRead();
        bed.pki.issue(Testbed.INTRUDER).writeTo(dir);
        try (PemSvidSource s = PemSvidSource.open(dir);
             NexusClient c = NexusClient.create(bed.settings(), s, false, bed.retry(1))) {
            var e = assertThrows(KeySourceException.class, () -> c.getSecret("sops4j/kek/team-a/app", 0));
            assertTrue(e.getMessage().startsWith("not authorized by Nexus: " + Testbed.INTRUDER), e.getMessage());

            bed.pki.issue(Testbed.DEPLOYER).writeTo(dir);
            touchLater(5);
            assertEquals(Testbed.DEPLOYER, s.getX509Svid().getSpiffeId().toString());
            assertEquals(Map.of("k", "v"), c.getSecret("sops4j/kek/team-a/app", 0));
        }
    }

    @Test
    void keepsTheOldIdentityWhileTheFilesAreHalfWritten() throws Exception {
        bed.pki.issue(Testbed.DEPLOYER).writeTo(dir);
        try (PemSvidSource s = PemSvidSource.open(dir)) {
            Files.writeString(dir.resolve("svid.pem"), "-----BEGIN CERTIFICATE-----\ntrunc");
            touchLater(5);
            assertEquals(Testbed.DEPLOYER, s.getX509Svid().getSpiffeId().toString());
            bed.pki.issue(Testbed.INTRUDER).writeTo(dir);
            touchLater(10);
            assertEquals(Testbed.INTRUDER, s.getX509Svid().getSpiffeId().toString());
        }
    }

    @Test
    void missingFilesAreAOneLineKeySourceError() {
        var e = assertThrows(KeySourceException.class, () -> SpiffeIdentity.open(Optional.of(dir), Optional.empty()));
        assertTrue(e.getMessage().startsWith("no SPIFFE identity for Nexus: cannot read SPIFFE identity files in "
                + dir + ": NoSuchFileException"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void aMalformedWorkloadApiAddressIsAOneLineError() {
        var e = assertThrows(KeySourceException.class,
                () -> SpiffeIdentity.open(Optional.empty(), Optional.of("http://agent")));
        assertEquals("no SPIFFE identity for Nexus: cannot get an X.509-SVID from the Workload API at http://agent: "
                + "Workload endpoint socket URI must have a tcp:// or unix:// scheme: http://agent", e.getMessage());
    }

    @Test
    void rejectsKeysThatAreNotPkcs8() throws Exception {
        var svid = bed.pki.issue(Testbed.DEPLOYER);
        svid.writeTo(dir);
        Files.writeString(dir.resolve("svid_key.pem"), svid.keyPem().replace("PRIVATE KEY", "EC PRIVATE KEY"));
        var e = assertThrows(IllegalStateException.class, () -> PemSvidSource.open(dir));
        assertTrue(e.getMessage().startsWith("invalid X.509-SVID in " + dir.resolve("svid.pem")), e.getMessage());
    }
}
