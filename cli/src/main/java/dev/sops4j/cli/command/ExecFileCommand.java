package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ExitCodes;
import dev.sops4j.cli.ops.Processes;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.ops.TempDirs;
import dev.sops4j.cli.options.ExecOptions;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.io.Chunked;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code exec-file file command}: hands the plaintext to a command as a file path ({@code {}} in the command).
 * By default the path is a named pipe, so the plaintext never touches the disk; {@code --no-fifo} uses a 0600
 * file in a private temporary directory instead. Either way the directory is gone when the command ends.
 */
@Command(name = "exec-file", description = "Run a command with the decrypted file at the path '{}' (a FIFO by default).")
public final class ExecFileCommand extends BaseCommand {
    @Mixin FormatOptions format;
    @Mixin ExecOptions exec;

    @Option(names = "--no-fifo", description = "Use a temporary file instead of a named pipe.")
    boolean noFifo;

    @Option(names = "--filename", paramLabel = "NAME", description = "File name of the plaintext (default tmp-file).")
    String filename = "tmp-file";

    public ExecFileCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() throws Exception {
        exec.rejectUnsupported();
        if (filename.contains("/")) {
            throw new UsageException("Error: --filename must be a plain file name");
        }
        Session s = session(format);
        var in = s.input(exec.file);
        Format f = s.inputFormat(in.path());
        byte[] plain;
        try (DecryptedFile df = s.decryptToRead(in, f, exec.ignoreMac)) {
            plain = s.emitPlain(s.outputFormat(in.path(), f), df.branches());
        }
        int code;
        try (TempDirs tmp = TempDirs.create(ctx.env())) {
            Path target = tmp.dir().resolve(filename);
            String cmd = exec.command.replace("{}", target.toString());
            if (noFifo) {
                tmp.file(filename, plain);
                Arrays.fill(plain, (byte) 0);
                code = Processes.run(ctx, Processes.shell(cmd), ctx.env().variables());
            } else {
                mkfifo(target);
                AtomicBoolean opened = new AtomicBoolean();
                Thread writer = new Thread(() -> feed(target, plain, opened), "sops4j-fifo");
                writer.setDaemon(true);
                writer.start();
                code = Processes.run(ctx, Processes.shell(cmd), ctx.env().variables());
                if (writer.isAlive() && !opened.get()) {
                    writer.join(50);
                }
                // Only a writer still waiting in open() needs a reader: the command never opened the pipe. Open
                // it on a daemon thread, because the writer may open it just now and then this open would block.
                if (writer.isAlive() && !opened.get()) {
                    Thread drain = new Thread(() -> drain(target), "sops4j-fifo-drain");
                    drain.setDaemon(true);
                    drain.start();
                }
                writer.join(5_000);
                Arrays.fill(plain, (byte) 0);
            }
        }
        if (code != 0) {
            throw new ExitCodes.ChildExit(code);
        }
        return 0;
    }

    private static void mkfifo(Path target) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", "-m", "600", target.toString()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (p.waitFor() != 0) {
            throw new UsageException(ExitCode.GENERIC, "Error: mkfifo failed; use --no-fifo", null);
        }
    }

    private static void drain(Path fifo) {
        try (InputStream in = Files.newInputStream(fifo)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the directory is being removed: nothing left to release
        }
    }

    private static void feed(Path fifo, byte[] bytes, AtomicBoolean opened) {
        try (OutputStream out = Files.newOutputStream(fifo)) {
            opened.set(true);
            Chunked.writeAll(out, bytes);
        } catch (IOException ignored) {
            // the reader closed early (EPIPE); what it read is its business
        }
    }
}
