package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ExitCodes;
import dev.sops4j.cli.ops.GoValues;
import dev.sops4j.cli.ops.Processes;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.ExecOptions;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.NullValue;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.Sequence;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code exec-env file command}: runs a shell command with the file's top-level values as environment variables. */
@Command(name = "exec-env", description = "Run a command with the decrypted top-level values in its environment.")
public final class ExecEnvCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin ExecOptions exec;

    @Option(names = "--pristine", description = "Do not pass this process' environment to the command.")
    boolean pristine;

    @Option(names = "--same-process", description = "Accepted; sops4j always runs a child process.")
    boolean sameProcess;

    @Option(names = "--flatten", description = "Also pass nested values: the path's keys (and list indexes) joined"
            + " with '_', upper-cased, other characters as '_' (db.password -> DB_PASSWORD). Top-level keys stay as"
            + " they are.")
    boolean flatten;

    public ExecEnvCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        exec.rejectUnsupported();
        Session s = session(format);
        var in = s.input(exec.file);
        Format f = s.inputFormat(in.path());
        Map<String, String> env = new LinkedHashMap<>();
        if (!pristine) {
            env.putAll(ctx.env().variables());
        }
        try (DecryptedFile df = s.decryptToRead(in, f, exec.ignoreMac)) {
            Map<String, String> fromFile = new LinkedHashMap<>();
            Map<String, String> origin = new LinkedHashMap<>();
            for (MapEntry e : df.branches().get(0).entries()) {
                if (e instanceof Pair p) {
                    if (p.value() instanceof Scalar sc) {
                        put(fromFile, origin, p.key(), p.key(), GoValues.format(sc));
                    } else if (flatten) {
                        nested(p.value(), p.key(), fromFile, origin);
                    } else {
                        throw new UsageException(ExitCode.GENERIC, "cannot use complex value in environment;"
                                + " offending key " + p.key() + " (sops4j exec-env --flatten passes nested values"
                                + " as " + envName(p.key()) + "_...)", null);
                    }
                }
            }
            env.putAll(fromFile);
        }
        int code = Processes.run(ctx, Processes.shell(exec.command), env);
        if (code != 0) {
            throw new ExitCodes.ChildExit(code);
        }
        return 0;
    }

    private static void nested(Node n, String path, Map<String, String> out, Map<String, String> origin) {
        if (n instanceof Mapping m) {
            for (MapEntry e : m.entries()) {
                if (e instanceof Pair p) {
                    nested(p.value(), path + "." + p.key(), out, origin);
                }
            }
        } else if (n instanceof Sequence seq) {
            int i = 0;
            for (Element e : seq.items()) {
                if (e instanceof Node item) {
                    nested(item, path + "." + i++, out, origin);
                }
            }
        } else if (n instanceof Scalar sc && !(n instanceof NullValue)) {
            put(out, origin, envName(path), path, GoValues.format(sc));
        }
    }

    private static void put(Map<String, String> out, Map<String, String> origin, String name, String path, String value) {
        String before = origin.putIfAbsent(name, path);
        if (before != null) {
            throw new UsageException(ExitCode.GENERIC, "--flatten: '" + before + "' and '" + path
                    + "' both give the variable " + name, null);
        }
        out.put(name, value);
    }

    /** {@code db.password} -> {@code DB_PASSWORD}; {@code hosts.0} -> {@code HOSTS_0}; {@code a-b.c} -> {@code A_B_C}. */
    static String envName(String path) {
        StringBuilder b = new StringBuilder(path.length());
        for (char c : path.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            b.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
        }
        return b.toString();
    }
}
