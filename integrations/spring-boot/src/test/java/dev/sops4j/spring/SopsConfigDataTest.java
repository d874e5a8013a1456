package dev.sops4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sops4j.core.store.Format;
import dev.sops4j.testing.AgeTestKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The starter on Spring Boot 3.5 (the version this module compiles against; src/it runs the same checks on a fresh
 * Spring Boot 4 application). Fixtures are encrypted at test time with the repository's throw-away age key.
 */
class SopsConfigDataTest {
    private static final String PASSWORD = "pw-Sekr1t-7f3a";
    private static final String TOKEN = "tok-json-91c2";
    private static final String INI_SECRET = "ini-Sekr1t-44";
    private static final Path CLASSES = Path.of("target/test-classes").toAbsolutePath();
    private static final List<Path> CREATED = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void encryptFixtures() throws Exception {
        write(CLASSES.resolve("secrets.enc.yaml"), AgeTestKey.encrypt("db:\n    password: " + PASSWORD
                + "\n    pool:\n        max-connections: 42\n        user: app\nregion: eu-west-1\n", Format.YAML));
        // Profile 'prod' brings secrets-prod.enc.yaml, which overrides the region.
        write(CLASSES.resolve("secrets-prod.enc.yaml"), AgeTestKey.encrypt("region: eu-central-1\n", Format.YAML));
        write(dir.resolve("api.enc.json"), AgeTestKey.encrypt("{\"api\": {\"token\": \"" + TOKEN + "\"}}", Format.JSON));
        write(dir.resolve("app.enc.env"), AgeTestKey.encrypt("FEATURE_FLAG=on\n", Format.DOTENV));
        write(dir.resolve("legacy.enc.ini"), AgeTestKey.encrypt("[ini]\nsecret = " + INI_SECRET + "\n", Format.INI));
    }

    @AfterAll
    static void removeFixtures() throws Exception {
        for (Path p : CREATED) {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void everyStoreBindsAndNoSecretIsLoggedOrShown() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext ctx = captured(out, () -> start(
                "--spring.config.import=sops:classpath:secrets.enc.yaml,sops:file:" + dir.resolve("api.enc.json")
                        + ",sops:" + dir.resolve("app.enc.env") + ",sops:file:" + dir.resolve("legacy.enc.ini")
                        + ",optional:sops:file:./missing.enc.yaml",
                "--spring.profiles.active=prod",
                "--logging.level.root=DEBUG",
                "--management.endpoint.env.show-values=always",
                "--management.endpoint.configprops.show-values=always"))) {
            DemoApplication.Secrets s = ctx.getBean(DemoApplication.Secrets.class);
            assertEquals(PASSWORD, s.password());
            assertEquals(TOKEN, s.apiToken());
            assertEquals(INI_SECRET, s.iniSecret());
            assertEquals("eu-central-1", s.region());
            assertEquals("on", ctx.getEnvironment().getProperty("FEATURE_FLAG"));
            DemoApplication.PoolProperties pool = ctx.getBean(DemoApplication.PoolProperties.class);
            assertEquals(42, pool.maxConnections());
            assertEquals("app", pool.user());

            List<String> names = ((ConfigurableEnvironment) ctx.getEnvironment()).getPropertySources().stream()
                    .map(PropertySource::getName).filter(n -> n.startsWith("sops:")).toList();
            assertEquals(List.of("sops:classpath:secrets-prod.enc.yaml", "sops:classpath:secrets.enc.yaml",
                    "sops:file:" + dir.resolve("api.enc.json"), "sops:" + dir.resolve("app.enc.env"),
                    "sops:file:" + dir.resolve("legacy.enc.ini")).stream().sorted().toList(),
                    names.stream().sorted().toList());

            // Actuator: values from sops files are masked even with show-values=always; others are shown.
            // Serialized as the HTTP endpoints /actuator/env and /actuator/configprops serialize them.
            ObjectMapper json = new ObjectMapper();
            String env = json.writeValueAsString(ctx.getBean(EnvironmentEndpoint.class).environment(null));
            String props = json.writeValueAsString(
                    ctx.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
            for (String shown : List.of(env, props)) {
                assertFalse(shown.contains(PASSWORD) || shown.contains(TOKEN), shown);
            }
            assertTrue(env.contains("\"db.pool.max-connections\":{\"value\":\"******\""), env);
            assertTrue(props.contains("\"maxConnections\":\"******\""), props);
            assertTrue(env.contains("sops:classpath:secrets.enc.yaml"), env);
            assertTrue(env.contains("\"management.endpoint.env.show-values\":{\"value\":\"always\""), env);
        }
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("DEBUG"), "DEBUG logging was on");
        assertTrue(log.contains("Decrypted sops file 'classpath:secrets.enc.yaml': 4 properties"), log);
        for (String secret : List.of(PASSWORD, TOKEN, INI_SECRET)) {
            assertFalse(log.contains(secret), "a secret reached the log");
        }
    }

    @Test
    void tamperedFileFailsStartUpWithOneLineNamingFileAndCause() throws Exception {
        Path tampered = dir.resolve("tampered.enc.yaml");
        String text = new String(AgeTestKey.encrypt("a: " + PASSWORD + "\nb: two\n", Format.YAML), StandardCharsets.UTF_8);
        write(tampered, text.replaceFirst("(?m)^b: ENC\\[.*\\n", "").getBytes(StandardCharsets.UTF_8));
        String message = startupFailure("--spring.config.import=sops:file:" + tampered, SopsConfigDataException.class);
        assertEquals("Cannot decrypt sops file 'file:" + tampered + "': MAC mismatch. The MAC stored in the file does"
                + " not match the one computed from its values", message);
    }

    @Test
    void noKeyMissingFileAndMalformedFileFailStartUp() throws Exception {
        Path secrets = dir.resolve("nokey.enc.yaml");
        write(secrets, AgeTestKey.encrypt("a: b\n", Format.YAML));
        String noKey = startupFailure(List.of("--spring.config.import=sops:file:" + secrets,
                "--sops4j.age.key-file=" + dir.resolve("no-such-keys.txt")), SopsConfigDataException.class);
        assertTrue(noKey.startsWith("Cannot decrypt sops file 'file:" + secrets + "': "), noKey);

        String missing = startupFailure("--spring.config.import=sops:file:./missing.enc.yaml",
                ConfigDataResourceNotFoundException.class);
        assertTrue(missing.contains("missing.enc.yaml"), missing);

        Path malformed = dir.resolve("malformed.enc.yaml");
        write(malformed, "a: [unclosed\n".getBytes(StandardCharsets.UTF_8));
        String bad = startupFailure("--spring.config.import=sops:file:" + malformed, SopsConfigDataException.class);
        assertTrue(bad.startsWith("Cannot decrypt sops file 'file:" + malformed + "': "), bad);
    }

    private static String startupFailure(String arg, Class<? extends Throwable> type) throws Exception {
        return startupFailure(List.of(arg), type);
    }

    private static String startupFailure(List<String> args, Class<? extends Throwable> type) throws Exception {
        List<String> all = new ArrayList<>(args);
        if (all.stream().noneMatch(a -> a.startsWith("--sops4j.age.key-file"))) {
            all.add("--sops4j.age.key-file=" + AgeTestKey.keyFile());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Throwable e = assertThrows(Throwable.class, () -> captured(out, () -> start(all.toArray(String[]::new))));
        Throwable cause = e;
        while (!type.isInstance(cause) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertInstanceOf(type, cause);
        String message = cause.getMessage();
        assertFalse(message.contains("\n"), message);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(PASSWORD));
        if (type == SopsConfigDataException.class) {
            // The failure analysis prints the same single line under "Description:".
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("\n" + message + "\n"), out.toString());
        }
        return message;
    }

    private static ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.stream().noneMatch(a -> a.startsWith("--sops4j.age.key-file"))) {
            all.add("--sops4j.age.key-file=" + AgeTestKey.keyFile());
        }
        return new SpringApplicationBuilder(DemoApplication.class).web(WebApplicationType.NONE)
                .properties(Map.of("management.endpoints.web.exposure.include", "env,configprops",
                        "spring.main.banner-mode", "off"))
                .run(all.toArray(String[]::new));
    }

    private static <T> T captured(ByteArrayOutputStream out, Callable<T> action) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return action.call();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void write(Path p, byte[] bytes) throws Exception {
        Files.write(p, bytes);
        CREATED.add(p);
    }
}
