package dev.sops4j.core.keys.pgp;

import dev.sops4j.core.env.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the gpg binary the way sops does: {@code $SOPS_GPG_EXEC} (one path, never split on spaces, exactly as sops'
 * {@code exec.Command(binary, args...)}) or {@code gpg} from the PATH, with the caller's environment (so
 * {@code GNUPGHOME} and the agent variables pass through), the input on stdin and the result on stdout.
 */
final class GpgCommand {
    static final String EXEC_VARIABLE = "SOPS_GPG_EXEC";

    /**
     * gpg's chatter that says nothing about a failure: created files, trust-db housekeeping, unsafe-permission
     * warnings and the "encrypted with" recipient lines (with their indented, quoted user id).
     */
    private static final Pattern NOISE = Pattern.compile(
            "^(gpg: (keybox .* created|directory .* created|.*trustdb.* created|WARNING: unsafe .*"
                    + "|key [0-9A-F]+ marked as ultimately trusted|checking the trustdb|marginals needed: .*"
                    + "|depth: .*|next trustdb check due at .*|encrypted with .*)|\".*\")$");

    private final Environment env;

    GpgCommand(Environment env) {
        this.env = env;
    }

    String binary() {
        return env.get(EXEC_VARIABLE).orElse("gpg");
    }

    /** Runs gpg with {@code args}, feeding {@code stdin}; stdout on success, else the reason as a failure. */
    byte[] run(List<String> args, byte[] stdin) throws PgpFailure {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(binary());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> childEnv = builder.environment();
        childEnv.clear();
        childEnv.putAll(env.variables());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PgpFailure(startFailure(e), e);
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread stderrPump = new Thread(() -> copy(process.getErrorStream(), stderr), "gpg-stderr");
        stderrPump.setDaemon(true);
        stderrPump.start();
        byte[] stdout = null;
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // gpg may exit before reading its input (bad arguments); its exit status and stderr tell why
            }
            try (InputStream out = process.getInputStream()) {
                stdout = out.readAllBytes();
            }
            int status = process.waitFor();
            stderrPump.join();
            if (status != 0) {
                Arrays.fill(stdout, (byte) 0);
                throw new PgpFailure(failure(status, stderr.toString(StandardCharsets.UTF_8)));
            }
            return stdout;
        } catch (IOException e) {
            process.destroy();
            throw new PgpFailure("cannot talk to gpg binary \"" + binary() + "\": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new PgpFailure("interrupted while waiting for gpg", e);
        }
    }

    private String startFailure(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("error=2,")) {
            return "gpg binary \"" + binary() + "\" not found (install GnuPG or set " + EXEC_VARIABLE + ")";
        }
        return "cannot run gpg binary \"" + binary() + "\": " + message.replaceFirst("^Cannot run program \"[^\"]*\": ",
                "");
    }

    /** The first line of gpg's stderr that explains the failure, else its last line, else the exit status. */
    static String failure(int status, String stderr) {
        String last = null;
        for (String line : stderr.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!NOISE.matcher(trimmed).matches()) {
                return trimmed;
            }
            last = trimmed;
        }
        return last != null ? last : "gpg exited with status " + status;
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException e) {
            // a broken pipe only truncates the diagnostics; the exit status still decides
        }
    }
}
