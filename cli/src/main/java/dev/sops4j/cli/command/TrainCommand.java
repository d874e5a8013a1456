package dev.sops4j.cli.command;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import dev.sops4j.cli.Cli;
import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.io.ExitCleanup;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.ops.Templates;
import dev.sops4j.core.config.ConfigParser;
import dev.sops4j.core.config.KeyRefFactory;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.path.TreePaths;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.Mapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * Hidden: the training run the launcher records to build its class-data-sharing archive. It touches the classes
 * of a typical decrypt/encrypt (picocli, config, stores, cipher, age) and prints nothing; failures are ignored,
 * since a partial archive still helps.
 */
@Command(name = "__train", hidden = true)
public final class TrainCommand extends BaseCommand {
    public TrainCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        // libcrypto's classes (the foreign function API) stay out of the archive: every start would load them,
        // a small decrypt 268 classes more (+4 ms, +2 MB); a big file loads them in the background while parsing.
        System.setProperty("sops4j.openssl", "off");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        quietly(() -> new Cli(new CliContext(ctx.env(), ctx.in(), sink, sink, false)).commandLine().usage(sink));
        quietly(() -> new ConfigParser(new KeyRefFactory(Clock.systemUTC())).parse(
                "creation_rules:\n  - path_regex: .*\n    age: age1x\nstores:\n  yaml:\n    indent: 4\n", Path.of("t.yaml")));
        quietly(() -> TreePaths.find(Mapping.empty(), TreePath.parse("[\"a\"][0]")));
        KeyPair[] kp = new KeyPair[1];
        quietly(() -> kp[0] = new X25519KeyPairGenerator().generateKeyPair());
        var env = ctx.env().with("SOPS_AGE_KEY", kp[0] == null ? "" : kp[0].getPrivate().toString());
        Session s = new Session(new CliContext(env, ctx.in(), sink, sink, false), common, null);
        for (Format f : List.of(Format.YAML, Format.JSON, Format.DOTENV, Format.INI)) {
            quietly(() -> {
                Store store = s.store(f);
                List<Mapping> plain = store.parsePlain(Templates.forFormat(f));
                store.emitPlain(plain);
                if (kp[0] != null) {
                    EncryptionSpec spec = new EncryptionSpec(List.of(new KeyGroup(List.of(
                            AgeKeyRef.of(kp[0].getPublic().toString())))), 0, Optional.empty(), false);
                    EncryptedDocument doc = s.sops().encrypt(plain, spec, f);
                    byte[] bytes = store.emitEncrypted(doc.branches(), doc.metadata());
                    s.sops().decrypt(store.parseEncrypted(bytes), s.decryptOptions(false)).close();
                }
            });
        }
        if (kp[0] != null) {
            quietly(() -> files(env, kp[0].getPublic().toString(), sink));
        }
        return 0;
    }

    /**
     * The commands on real files, in a directory of their own: an in-place batch of small files (the batch pool,
     * the atomic writes, the input checks), a file large enough for the two-walk path with its value threads,
     * and the binary store. A batch of 200 files spent a third of its time in classes and method handles this
     * run left out.
     */
    private static void files(Environment env, String recipient, PrintStream sink) throws IOException {
        Path dir = Files.createTempDirectory("sops4j-train");
        try {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Files.writeString(dir.resolve("f" + i + ".json"), "{\"user\": \"u" + i + "\", \"port\": " + i + "}\n");
                Files.writeString(dir.resolve("f" + i + ".yaml"), "user: u" + i + "\nport: " + i + "\n");
                names.add("f" + i + ".json");
                names.add("f" + i + ".yaml");
            }
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 1100; i++) {
                big.append("key").append(i).append(": value-").append(i).append('\n');
            }
            Files.writeString(dir.resolve("big.yaml"), big);
            Files.write(dir.resolve("blob.bin"), new byte[] {0, 1, 2, (byte) 0xff});
            names.add("big.yaml");
            names.add("blob.bin");
            Cli cli = new Cli(new CliContext(new Environment(env.variables(), env.home(), dir), InputStream.nullInputStream(),
                    sink, sink, false));
            List<String> encrypt = new ArrayList<>(List.of("encrypt", "-i", "--age", recipient));
            encrypt.addAll(names);
            cli.run(encrypt.toArray(String[]::new));
            for (String name : List.of("big.yaml", "blob.bin", "f0.json", "f0.yaml")) {
                cli.run(new String[] {"decrypt", name});
            }
            List<String> decrypt = new ArrayList<>(List.of("decrypt", "-i"));
            decrypt.addAll(names);
            cli.run(decrypt.toArray(String[]::new));
        } finally {
            ExitCleanup.delete(dir);
        }
    }

    /** A step of the training run. */
    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step r) {
        try {
            r.run();
        } catch (Exception | LinkageError ignored) {
            // training only: whatever ran is recorded
        }
    }
}
