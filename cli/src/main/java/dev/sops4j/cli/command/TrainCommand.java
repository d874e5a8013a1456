package dev.sops4j.cli.command;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.ops.Templates;
import dev.sops4j.core.config.ConfigParser;
import dev.sops4j.core.config.KeyRefFactory;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.path.TreePath;
import dev.sops4j.core.path.TreePaths;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.tree.Mapping;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
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
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        quietly(() -> new dev.sops4j.cli.Cli(new CliContext(ctx.env(), ctx.in(), sink, sink, false)).commandLine().usage(sink));
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
        return 0;
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
