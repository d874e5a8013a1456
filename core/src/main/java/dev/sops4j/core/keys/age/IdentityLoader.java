package dev.sops4j.core.keys.age;

import dev.sops4j.core.env.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the age identities sops would use, in sops' places: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the
 * user config keys.txt, then SSH keys (SOPS_AGE_SSH_PRIVATE_KEY_FILE, SOPS_AGE_SSH_PRIVATE_KEY_CMD, ~/.ssh/id_ed25519,
 * ~/.ssh/id_rsa). A place that fails is recorded and the others still count: the error only surfaces when no
 * identity can unwrap.
 */
final class IdentityLoader {
    static final String KEY = "SOPS_AGE_KEY";
    static final String KEY_FILE = "SOPS_AGE_KEY_FILE";
    static final String KEY_CMD = "SOPS_AGE_KEY_CMD";
    static final String SSH_KEY_FILE = "SOPS_AGE_SSH_PRIVATE_KEY_FILE";
    static final String SSH_KEY_CMD = "SOPS_AGE_SSH_PRIVATE_KEY_CMD";

    /** Identities from one place. */
    record Source(String label, List<AgeIdentity> identities) {
        int count() {
            return identities.stream().mapToInt(AgeIdentity::count).sum();
        }
    }

    /** Everything found: the sources with identities, the places that had none, and what went wrong. */
    record Loaded(List<Source> sources, List<String> empty, List<String> errors) {
        int count() {
            return sources.stream().mapToInt(Source::count).sum();
        }
    }

    private final Environment env;
    private final PassphraseProvider passphrases;
    private final List<Source> sources = new ArrayList<>();
    private final List<String> empty = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private IdentityLoader(Environment env, PassphraseProvider passphrases) {
        this.env = env;
        this.passphrases = passphrases;
    }

    static Loaded load(Environment env, PassphraseProvider passphrases) {
        IdentityLoader loader = new IdentityLoader(env, passphrases);
        loader.loadAll();
        return new Loaded(List.copyOf(loader.sources), List.copyOf(loader.empty), List.copyOf(loader.errors));
    }

    private void loadAll() {
        env.get(KEY).ifPresentOrElse(v -> addText(KEY, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                () -> empty.add(KEY));
        env.get(KEY_FILE).ifPresentOrElse(v -> {
            try {
                addText(KEY_FILE, Files.readAllBytes(resolve(v)));
            } catch (IOException e) {
                errors.add("failed to open " + KEY_FILE + " file " + v + ": " + describe(e));
            }
        }, () -> empty.add(KEY_FILE));
        env.get(KEY_CMD).ifPresentOrElse(cmd -> {
            byte[] out = runCommand(KEY_CMD, cmd);
            if (out != null) {
                addText(KEY_CMD, out);
            }
        }, () -> empty.add(KEY_CMD));
        Path defaultFile = userConfigDir().resolve("sops").resolve("age").resolve("keys.txt");
        if (Files.isRegularFile(defaultFile)) {
            try {
                addText(defaultFile.toString(), Files.readAllBytes(defaultFile));
            } catch (IOException e) {
                errors.add("failed to open file " + defaultFile + ": " + describe(e));
            }
        } else {
            empty.add(defaultFile.toString());
        }
        env.get(SSH_KEY_FILE).ifPresentOrElse(v -> addSsh(SSH_KEY_FILE, resolve(v), true), () -> empty.add(SSH_KEY_FILE));
        env.get(SSH_KEY_CMD).ifPresent(cmd -> {
            byte[] out = runCommand(SSH_KEY_CMD, cmd);
            if (out != null) {
                addSshPem(SSH_KEY_CMD, out);
            }
        });
        Path ssh = env.home().resolve(".ssh");
        addSsh(ssh.resolve("id_ed25519").toString(), ssh.resolve("id_ed25519"), false);
        addSsh(ssh.resolve("id_rsa").toString(), ssh.resolve("id_rsa"), false);
    }

    private Path resolve(String path) {
        return env.workingDirectory().resolve(path);
    }

    /** Go's os.UserConfigDir on Unix: $XDG_CONFIG_HOME when set, else $HOME/.config. */
    private Path userConfigDir() {
        Optional<String> xdg = env.get("XDG_CONFIG_HOME");
        return xdg.map(Path::of).orElseGet(() -> env.home().resolve(".config"));
    }

    private void addText(String label, byte[] content) {
        IdentityParser.Result result = IdentityParser.parse(content, label, passphrases, PluginSupport.from(env));
        java.util.Arrays.fill(content, (byte) 0);
        errors.addAll(result.errors());
        if (result.identities().isEmpty()) {
            empty.add(label);
        } else {
            sources.add(new Source(label, result.identities()));
        }
    }

    private void addSsh(String label, Path file, boolean explicit) {
        if (!explicit && !Files.exists(file)) {
            empty.add(label);
            return;
        }
        try {
            addSshPem(label, Files.readAllBytes(file));
        } catch (IOException e) {
            errors.add("failed to read SSH key " + label + ": " + describe(e));
        }
    }

    private void addSshPem(String label, byte[] content) {
        String pem = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        java.util.Arrays.fill(content, (byte) 0);
        try {
            sources.add(new Source(label, List.of(SshKeys.parsePrivateKey(pem, label, passphrases))));
        } catch (GeneralSecurityException e) {
            errors.add("failed to parse SSH key " + label + ": " + e.getMessage());
        }
    }

    /**
     * Runs {@code command} as sops does: split into words ({@link KeyCommand}) and started without a shell, in the
     * environment's directory; its stdout, or null on failure (recorded with sops' message).
     */
    private byte[] runCommand(String variable, String command) {
        List<String> args;
        try {
            args = KeyCommand.split(command);
        } catch (KeyCommand.SplitException e) {
            errors.add("failed to parse command " + command + ": " + e.getMessage());
            return null;
        }
        if (args.isEmpty()) {
            // sops panics on an empty command; sops4j names it.
            errors.add("failed to parse command " + command + " from " + variable + ": no command");
            return null;
        }
        Path dir = env.workingDirectory();
        Optional<Path> program = KeyCommand.lookPath(args.get(0), env.get("PATH").orElse(KeyCommand.DEFAULT_PATH), dir);
        if (program.isEmpty()) {
            errors.add("failed to execute command " + command + ": exec: \"" + args.get(0)
                    + "\": executable file not found in $PATH");
            return null;
        }
        List<String> argv = new ArrayList<>(args);
        argv.set(0, program.get().toString());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(env.variables());
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            byte[] out = readAll(process.getInputStream());
            int status = process.waitFor();
            if (status != 0) {
                java.util.Arrays.fill(out, (byte) 0);
                errors.add("failed to execute command " + command + ": exit status " + status);
                return null;
            }
            return out;
        } catch (IOException e) {
            errors.add("failed to execute command " + command + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add("failed to execute command " + command + ": interrupted");
        }
        return null;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
    }
}
