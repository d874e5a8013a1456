package dev.sops4j.core.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.keys.age.AgeKeys;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent implementation: files sops4j encrypts for age are decrypted by the npm package
 * {@code sops-age} (it does not check the MAC, and knows neither key groups, multi-document YAML nor the
 * {@code time} type, so the samples stay inside what it supports). The package is installed once into
 * {@code target/compat-sops-age}; without node/npm or registry access the test is skipped.
 */
class SopsAgeInteropTest {
    private static final Path INSTALL = Path.of("target", "compat-sops-age").toAbsolutePath();
    private static final Path MODULE = INSTALL.resolve("node_modules/sops-age/dist/index.js");

    @TempDir
    Path home;

    @BeforeAll
    static void installSopsAge() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")) && Files.isExecutable(Path.of("/usr/bin/npm")),
                "node/npm are not installed: skipping the sops-age interop test");
        if (Files.exists(MODULE)) {
            return;
        }
        Files.createDirectories(INSTALL);
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", INSTALL.toString(),
                "sops-age@4").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assumeTrue(done && p.exitValue() == 0 && Files.exists(MODULE),
                "npm could not install sops-age (offline registry?): skipping the interop test. npm said: "
                        + log.replace('\n', ' '));
    }

    private static final String SCRIPT = """
            import { decryptSops } from "%s";
            import { readFileSync } from "node:fs";
            const key = readFileSync(process.argv[2], "utf8").split("\\n").find(l => l.startsWith("AGE-SECRET-KEY-"));
            for (const f of process.argv.slice(3)) {
              const type = f.endsWith(".json") ? "json" : f.endsWith(".env") ? "env" : "yaml";
              console.log(JSON.stringify(await decryptSops(readFileSync(f, "utf8"), { secretKey: key, fileType: type })));
            }
            """;

    private static final Map<String, String> SAMPLES = Map.of(
            "sample.yaml", """
                    # a comment, encrypted too
                    name: demo
                    port: 8080
                    ratio: 0.75
                    enabled: true
                    "on": yes
                    tags:
                        - a
                        - 2
                        - false
                    nested:
                        password: "p@ss: #1 = 'x'"
                        unicode: café ☃ 日本
                        list_of_maps:
                            - k: v
                    block: |
                        line one
                        line two
                    public_unencrypted: visible
                    empty: ""
                    """,
            "sample.json", """
                    {"name": "demo", "port": 8080, "ratio": 1.5, "big": -9007199254740991, "ok": false,
                     "html": "<a href=\\"x\\">&</a>", "list": [1, "two", {"k": "v"}], "nested": {"deep": {"x": "y"}},
                     "public_unencrypted": "visible", "empty": ""}
                    """,
            "sample.env", """
                    # comment line
                    A=1
                    B=x=y
                    C=hash # not a comment
                    UNICODE=café ☃
                    MULTI=line1\\nline2
                    D_unencrypted=clear
                    """);

    private static final Map<String, String> EXPECTED = Map.of(
            "sample.yaml", "{\"name\":\"demo\",\"port\":8080,\"ratio\":0.75,\"enabled\":true,\"on\":\"yes\","
                    + "\"tags\":[\"a\",2,false],\"nested\":{\"password\":\"p@ss: #1 = 'x'\",\"unicode\":\"café ☃ 日本\","
                    + "\"list_of_maps\":[{\"k\":\"v\"}]},\"block\":\"line one\\nline two\\n\","
                    + "\"public_unencrypted\":\"visible\",\"empty\":\"\"}",
            "sample.json", "{\"name\":\"demo\",\"port\":8080,\"ratio\":1.5,\"big\":-9007199254740991,\"ok\":false,"
                    + "\"html\":\"<a href=\\\"x\\\">&</a>\",\"list\":[1,\"two\",{\"k\":\"v\"}],\"nested\":{\"deep\":"
                    + "{\"x\":\"y\"}},\"public_unencrypted\":\"visible\",\"empty\":\"\"}",
            "sample.env", "{\"A\":\"1\",\"B\":\"x=y\",\"C\":\"hash # not a comment\",\"UNICODE\":\"café ☃\","
                    + "\"MULTI\":\"line1\\nline2\",\"D_unencrypted\":\"clear\"}");

    @Test
    void sopsAgeDecryptsWhatSops4jEncrypts() throws Exception {
        AgeKeys.GeneratedIdentity id = AgeKeys.generateIdentity();
        Path keyFile = Files.writeString(home.resolve("keys.txt"), id.fileText());
        Sops4j sops = CompatKeys.local(home, Map.of(), Clock.systemUTC());
        EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(AgeKeyRef.of(id.recipient())))), 0,
                Optional.empty(), false);
        List<String> names = List.of("sample.yaml", "sample.json", "sample.env");
        List<String> args = new ArrayList<>(List.of("node", Files.writeString(home.resolve("decrypt.mjs"),
                SCRIPT.formatted(MODULE.toUri())).toString(), keyFile.toString()));
        for (String name : names) {
            byte[] enc = sops.encrypt(SAMPLES.get(name).getBytes(StandardCharsets.UTF_8), Format.fromPath(name), spec);
            args.add(Files.write(home.resolve(name), enc).toString());
        }
        List<String> out = run(args);
        for (int i = 0; i < names.size(); i++) {
            assertEquals(EXPECTED.get(names.get(i)), out.get(i), names.get(i));
        }
    }

    private static List<String> run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "node timed out");
        assertEquals(0, p.exitValue(), "sops-age failed: " + err);
        return out.lines().toList();
    }
}
