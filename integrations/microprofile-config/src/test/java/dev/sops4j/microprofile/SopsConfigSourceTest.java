package dev.sops4j.microprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.store.Format;
import dev.sops4j.testing.AgeTestKey;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SmallRye Config (the engine of Quarkus, WildFly, Open Liberty) with this module found by ServiceLoader. */
class SopsConfigSourceTest {
    private static final String PASSWORD = "mp-Sekr1t-5e4f";
    private static final String TOKEN = "rep-token-0b1d";

    @TempDir
    static Path dir;

    @BeforeAll
    static void encryptFixtures() throws Exception {
        Files.write(dir.resolve("secrets.enc.yaml"), AgeTestKey.encrypt("db:\n    password: " + PASSWORD
                + "\n    port: 6543\nreporting:\n    api-token: " + TOKEN + "\n", Format.YAML));
        Files.write(dir.resolve("override.enc.json"), AgeTestKey.encrypt("{\"db\": {\"port\": 7000}}", Format.JSON));
    }

    @Test
    void plainJavaMainReadsThePasswordAndAnInt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsops4j.files=" + dir.resolve("secrets.enc.yaml"),
                "-cp", System.getProperty("java.class.path"), ConfigDemo.class.getName()).redirectErrorStream(true);
        pb.environment().put("SOPS_AGE_KEY_FILE", AgeTestKey.keyFile().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("jdbc:postgresql://db.internal:6543/app port 6543, password 14 chars, token 14 chars\n", out);
        assertEquals(0, p.exitValue());
        // The page shows the example (inside a list, indented by 3) and its properties file verbatim.
        String doc = Files.readString(AgeTestKey.repo().resolve("docs/microprofile.md")).replaceAll("(?m)^   ", "");
        String source = Files.readString(Path.of("src/test/java/dev/sops4j/microprofile/ConfigDemo.java"));
        assertTrue(doc.contains(source.substring(source.indexOf("import "))), "docs/microprofile.md holds ConfigDemo");
        assertTrue(doc.contains(Files.readString(Path.of("src/test/resources/META-INF/microprofile-config.properties"))));
    }

    @Test
    void filesOrdinalsHandlerAndOptionalFiles() {
        SmallRyeConfig config = config(Map.of("sops4j.files", dir.resolve("override.enc.json") + ", "
                + dir.resolve("secrets.enc.yaml") + ",optional:" + dir.resolve("missing.enc.yaml"),
                "other.password", "${sops::" + dir.resolve("secrets.enc.yaml") + "#db.password}"));
        assertEquals(PASSWORD, config.getValue("db.password", String.class));
        assertEquals(7000, config.getValue("db.port", Integer.class));  // the first file listed wins
        assertEquals(PASSWORD, config.getValue("other.password", String.class));
        assertEquals(TOKEN, config.getValue("reporting.token", String.class));
        List<String> sources = StreamSupport.stream(config.getConfigSources().spliterator(), false)
                .filter(s -> s.getName().startsWith("sops:")).map(s -> s.getName() + "@" + s.getOrdinal()).toList();
        assertEquals(List.of("sops:" + dir.resolve("override.enc.json") + "@276",
                "sops:" + dir.resolve("secrets.enc.yaml") + "@275"), sources);
        for (ConfigSource s : config.getConfigSources()) {
            assertFalse(s.toString().contains(PASSWORD));
        }
    }

    @Test
    void badFilesFailWithOneLineNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.enc.yaml");
        Throwable e = assertThrows(Throwable.class, () -> config(Map.of("sops4j.files", missing.toString())));
        assertEquals("Cannot read sops file '" + missing + "': it does not exist", rootSops(e).getMessage());

        Path tampered = dir.resolve("tampered.enc.yaml");
        Files.writeString(tampered, Files.readString(dir.resolve("secrets.enc.yaml"))
                .replaceFirst("(?m)^ +port: ENC\\[.*\\n", ""));
        e = assertThrows(Throwable.class, () -> config(Map.of("sops4j.files", tampered.toString())));
        assertEquals("Cannot decrypt sops file '" + tampered + "': MAC mismatch. The MAC stored in the file does not"
                + " match the one computed from its values", rootSops(e).getMessage());

        e = assertThrows(Throwable.class, () -> config(Map.of("sops4j.files", dir.resolve("secrets.enc.yaml").toString(),
                "sops4j.age.key-file", dir.resolve("no-keys.txt").toString())));
        String noKey = rootSops(e).getMessage();
        assertTrue(noKey.startsWith("Cannot decrypt sops file '" + dir.resolve("secrets.enc.yaml") + "': "), noKey);
        assertFalse(noKey.contains("\n"), noKey);
    }

    private static SopsConfigException rootSops(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SopsConfigException s) {
                return s;
            }
        }
        throw new AssertionError("no SopsConfigException in " + e, e);
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("sops4j.age.key-file", AgeTestKey.keyFile().toString());
        return new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().addDiscoveredSources()
                .addDiscoveredSecretKeysHandlers()
                .withSources(new MapBackedConfigSource("test", all, 500) {
                    private static final long serialVersionUID = 1L;
                })
                .build();
    }
}
