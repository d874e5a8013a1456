package dev.sops4j.nexus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spiffe-helper (PEM) identity path must work with java-spiffe's gRPC dependencies absent. */
class NoGrpcTest {

    @Test
    void pemIdentityNeedsNoGrpc(@TempDir Path dir) throws Exception {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        Assumptions.assumeTrue(Arrays.stream(entries).anyMatch(e -> e.contains("grpc")),
                "class path is not visible (manifest-only jar?)");
        URL[] withoutGrpc = Arrays.stream(entries).filter(e -> !e.contains("grpc")).map(NoGrpcTest::url)
                .toArray(URL[]::new);
        try (Testbed bed = new Testbed();
             URLClassLoader isolated = new URLClassLoader(withoutGrpc, ClassLoader.getPlatformClassLoader())) {
            bed.nexus.putDirect("sops4j/kek/team-a/app", Map.of("k", "v"));
            bed.grantDeployerRead();
            bed.pki.issue(Testbed.DEPLOYER).writeTo(dir);
            assertThrows(ClassNotFoundException.class, () -> isolated.loadClass("io.grpc.ManagedChannel"));
            Object got = isolated.loadClass(NoGrpcProbe.class.getName())
                    .getMethod("read", String.class, String.class, String.class)
                    .invoke(null, bed.url().toString(), dir.toString(), "sops4j/kek/team-a/app");
            assertEquals("{k=v}", got);
        }
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
