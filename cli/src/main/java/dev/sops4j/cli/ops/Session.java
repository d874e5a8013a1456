package dev.sops4j.cli.ops;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.Wiring;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.options.CommonOptions;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.core.Sops4j;
import dev.sops4j.core.config.ConfigLoader;
import dev.sops4j.core.config.KeyRefFactory;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.store.StoreSettings;
import dev.sops4j.core.tree.Mapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One command's view of the world: options, the .sops.yaml in effect (loaded at most once) and the library
 * instance. Commands stay thin by going through these helpers, which also fix the sops error wording.
 */
public final class Session {
    private final CliContext ctx;
    private final CommonOptions common;
    private final FormatOptions format;
    private final Clock clock = Clock.systemUTC();
    private Optional<SopsConfig> config;
    private Sops4j sops;

    public Session(CliContext ctx, CommonOptions common, FormatOptions format) {
        this.ctx = ctx;
        this.common = common == null ? new CommonOptions() : common;
        this.format = format == null ? new FormatOptions() : format;
        if (this.common.keyservice != null && !this.common.keyservice.isEmpty()) {
            throw new UsageException("--keyservice is not supported by sops4j: it uses local key sources only");
        }
    }

    public CliContext ctx() {
        return ctx;
    }

    public Clock clock() {
        return clock;
    }

    public boolean verbose() {
        return common.verbose;
    }

    public FormatOptions formatOptions() {
        return format;
    }

    public KeyRefFactory keyRefs() {
        return new KeyRefFactory(clock);
    }

    /** The .sops.yaml in effect, if any (a broken one is an error even when not needed, as in sops). */
    public synchronized Optional<SopsConfig> config() {
        if (config == null) {
            config = new ConfigLoader(ctx.env(), clock).load(Optional.ofNullable(common.config));
        }
        return config;
    }

    public synchronized Sops4j sops() {
        if (sops == null) {
            sops = Wiring.sops(ctx.env(), storeSettings(), Wiring.stderr(ctx.err()));
        }
        return sops;
    }

    public StoreSettings storeSettings() {
        StoreSettings base = config().map(SopsConfig::stores).orElse(StoreSettings.DEFAULTS);
        if (format.indent == null) {
            return base;
        }
        return new StoreSettings(format.indent, format.indent, format.indent);
    }

    public Store store(Format f) {
        return sops().store(f, storeSettings());
    }

    public DecryptOptions decryptOptions(boolean ignoreMac) {
        String order = common.decryptionOrder != null ? common.decryptionOrder
                : ctx.env().get("SOPS_DECRYPTION_ORDER").orElse(null);
        if (order == null || order.isBlank()) {
            return new DecryptOptions(ignoreMac, DecryptOptions.DEFAULT_ORDER);
        }
        List<String> types = KeyRefFactory.split(order);
        Set<String> seen = new LinkedHashSet<>();
        for (String t : types) {
            if (!seen.add(t)) {
                throw new UsageException(ExitCode.DUPLICATE_DECRYPTION_KEY_TYPE,
                        "Error: duplicate key type '" + t + "' in --decryption-order " + order, null);
            }
        }
        return new DecryptOptions(ignoreMac, types);
    }

    /** The name used for format detection and creation rules: {@code --filename-override} wins. */
    public Optional<Path> nameFor(Optional<Path> file) {
        if (format.filenameOverride != null && !format.filenameOverride.isEmpty()) {
            return Optional.of(ctx.resolve(format.filenameOverride));
        }
        return file;
    }

    public Format inputFormat(Optional<Path> file) {
        if (format.inputType != null) {
            return Format.fromCliName(format.inputType);
        }
        Optional<Path> name = nameFor(file);
        if (name.isEmpty()) {
            throw new UsageException("reading from stdin needs --input-type or --filename-override");
        }
        return Format.fromPath(name.get().toString());
    }

    public Format outputFormat(Optional<Path> file, Format inputFormat) {
        if (format.outputType != null) {
            return Format.fromCliName(format.outputType);
        }
        return nameFor(file).map(p -> Format.fromPath(p.toString())).orElse(inputFormat);
    }

    /** Parses a sops file; a file without metadata gives sops' exact "sops metadata not found". */
    public EncryptedDocument parseEncrypted(Input in, Format f) {
        Store store = store(f);
        try {
            return store.parseEncrypted(in.bytes());
        } catch (MetadataException e) {
            boolean hasMetadata;
            try {
                hasMetadata = store.hasSopsMetadata(in.bytes());
            } catch (RuntimeException parseFailure) {
                hasMetadata = true;
            }
            if (!hasMetadata) {
                throw new InputException(ExitCode.GENERIC, "sops metadata not found", e);
            }
            throw e;
        }
    }

    public DecryptedFile decrypt(Input in, Format f, boolean ignoreMac) {
        return sops().decrypt(parseEncrypted(in, f), decryptOptions(ignoreMac));
    }

    public byte[] emitPlain(Format f, List<Mapping> branches) {
        try {
            return store(f).emitPlain(branches);
        } catch (FormatException e) {
            throw new FormatException(ExitCode.ERROR_DUMPING_TREE, "Error dumping file: " + e.getMessage(), e);
        }
    }

    public byte[] emitEncrypted(Format f, EncryptedDocument doc) {
        try {
            return store(f).emitEncrypted(doc.branches(), doc.metadata());
        } catch (FormatException e) {
            throw new FormatException(ExitCode.ERROR_DUMPING_TREE, "Error dumping file: " + e.getMessage(), e);
        }
    }

    /** Reads the file argument, or stdin when there is none. */
    public Input input(String file) {
        return file == null ? Input.stdin(ctx.in()) : Input.read(ctx.resolve(file));
    }

    /** Sends a result to stdout, {@code --output} or back to the input file. */
    public void deliver(byte[] bytes, OutputOptions out, Input in, boolean plaintext) {
        var mode = plaintext ? AtomicFiles.PRIVATE : AtomicFiles.SHARED;
        if (out != null && out.inPlace && out.output != null) {
            throw new UsageException("Error: cannot use --output and --in-place together");
        }
        if (out != null && out.inPlace) {
            Path target = in.path().orElseThrow(() -> new UsageException("--in-place needs a file, not stdin"));
            AtomicFiles.write(target, bytes, mode);
        } else if (out != null && out.output != null) {
            AtomicFiles.write(ctx.resolve(out.output), bytes, mode);
        } else {
            try {
                ctx.out().write(bytes);
                ctx.out().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
