package dev.sops4j.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away git world for the real {@code git} binary: its own HOME and global config (no system config), a
 * {@code sops4j} launcher on PATH that runs this build's classes with its own java.io.tmpdir (so leftover temp
 * files can be checked), the repository's throw-away age key, and a repository directory.
 */
final class GitSandbox {
    static final String AGE_RECIPIENT = "age1jvjk8tkd5rlqz4sjkg2gmey6c2duf0ygv3w66r6ldld298razutschtdu6";

    final Path root;
    final Path repo;
    final Path tmp;
    final Map<String, String> env = new HashMap<>();

    record Run(int code, String out, String err) {
    }

    GitSandbox(Path root) {
        this.root = root;
        this.repo = root.resolve("repo");
        this.tmp = root.resolve("tmp");
        Path home = root.resolve("home");
        Path bin = root.resolve("bin");
        Path keys = Path.of("").toAbsolutePath().getParent().resolve("testdata/age/keys.txt");
        assumeTrue(Files.isReadable(keys), "testdata/age/keys.txt not found: skipping");
        assumeTrue(onPath("git"), "git is not on PATH: skipping");
        try {
            Files.createDirectories(repo);
            Files.createDirectories(home);
            Files.createDirectories(bin);
            Files.createDirectories(tmp);
            Sops4jShim.write(bin.resolve("sops4j"), tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.invalid");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.invalid");
        env.put("GIT_PAGER", "cat");
        env.put("LC_ALL", "C");
        env.put("SOPS_AGE_KEY_FILE", keys.toString());
    }

    static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d.isEmpty() ? "." : d, name))) {
                return true;
            }
        }
        return false;
    }

    static Path script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** A shell command line in the repository (the sandbox environment, nothing else). */
    Run sh(String command) {
        return exec(List.of("/bin/sh", "-c", command));
    }

    Run git(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        return exec(argv);
    }

    Run sops4j(String... args) {
        return exec(Stream.concat(Stream.of(root.resolve("bin/sops4j").toString()), Stream.of(args)).toList());
    }

    Run ok(Run r) {
        assertEquals(0, r.code(), () -> "exit " + r.code() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        return r;
    }

    Run exec(List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(repo.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Path err = Files.createTempFile(root, "err", ".txt");
            pb.redirectError(err.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(argv + " did not finish");
            }
            String errText = Files.readString(err);
            Files.delete(err);
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void write(String name, String text) {
        Fixtures.write(repo.resolve(name), text);
    }

    String read(String name) {
        return Fixtures.read(repo.resolve(name));
    }

    /** A new repository on branch main with .sops.yaml (age rule for *.enc.yaml) and the git drivers set up. */
    void initWithDrivers() {
        ok(git("init", "-q", "-b", "main"));
        write(".sops.yaml", "creation_rules:\n  - path_regex: \\.enc\\.yaml$\n    age: " + AGE_RECIPIENT + "\n");
        ok(sops4j("git", "setup"));
    }

    /** The real sops binary from ../shared/tools, decompressed into the sandbox, if present. */
    Optional<Path> realSops() {
        String shared = System.getProperty("sops4j.shared");
        if (shared == null) {
            return Optional.empty();
        }
        Path xz = Path.of(shared, "tools", "sops-3.13.2-linux-amd64.xz");
        if (!Files.isReadable(xz) || !onPath("xz")) {
            return Optional.empty();
        }
        Path out = root.resolve("real-sops");
        if (!Files.exists(out)) {
            Run r = sh("xz -dc '" + xz + "' > '" + out + "' && chmod +x '" + out + "'");
            assertEquals(0, r.code(), r.err());
        }
        return Optional.of(out);
    }

    /**
     * No secret in any file of the work tree or .git, loose or packed (every object uncompressed through
     * {@code git cat-file --batch-all-objects}), nor in the sops4j temp directory, which must be empty.
     */
    void assertNoPlaintextAnywhere(String... secrets) {
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertFalse(text.contains(s), () -> "'" + s + "' found in " + repo.relativize(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run objects = ok(git("cat-file", "--batch-all-objects", "--batch"));
        for (String s : secrets) {
            assertFalse(objects.out().contains(s), () -> "'" + s + "' found in a git object");
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "temp files left behind");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
