package dev.sops4j.cli.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI as a separate process (same classes the packaged jar holds) in a given directory with an
 * environment of only PATH, HOME and the given variables, like the conformance replay does.
 */
final class CliProcess {
    record Result(int code, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** All of stderr minus the JVM's own CDS notices, which vary by machine. */
        String errLines() {
            return err;
        }
    }

    private CliProcess() {
    }

    static Result run(Path cwd, Map<String, String> env, byte[] stdin, String... args) {
        return runJvm(List.of(), cwd, env, stdin, args);
    }

    static Result runJvm(List<String> jvmOptions, Path cwd, Map<String, String> env, byte[] stdin, String... args) {
        return runCommand(command(jvmOptions, args), cwd, env, stdin, args);
    }

    /** Runs the CLI under {@code umask} (set by a shell that then execs the JVM). */
    static Result runUmask(String umask, Path cwd, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        cmd.addAll(command(List.of(), args));
        return runCommand(cmd, cwd, env, null, args);
    }

    /** Starts the CLI without waiting; stdout and stderr go to {@code log}. The caller stops it. */
    static Process start(List<String> jvmOptions, Path cwd, Map<String, String> env, Path log, String... args) {
        ProcessBuilder pb = builder(command(jvmOptions, args), cwd, env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        // as the launchers: the JDK's http/https handlers are installed (UrlHandlers), so every e2e run covers them
        cmd.add("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED");
        cmd.add("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.sops4j.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static ProcessBuilder builder(List<String> cmd, Path cwd, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", cwd.toString());
        pb.environment().putAll(env);
        return pb;
    }

    private static Result runCommand(List<String> cmd, Path cwd, Map<String, String> env, byte[] stdin,
            String... args) {
        ProcessBuilder pb = builder(cmd, cwd, env);
        try {
            Path errFile = Files.createTempFile("sops4j-e2e", ".err");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sops4j " + String.join(" ", args) + " did not finish");
            }
            String err = Files.readString(errFile, StandardCharsets.UTF_8);
            Files.delete(errFile);
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(Path cwd, Map<String, String> env, String... args) {
        return run(cwd, env, null, args);
    }
}
