package dev.sops4j.cli.ops;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.Wiring;
import dev.sops4j.cli.io.AtomicFiles;
import dev.sops4j.cli.io.Input;
import dev.sops4j.cli.options.CommonOptions;
import dev.sops4j.cli.options.FormatOptions;
import dev.sops4j.cli.options.OutputOptions;
import dev.sops4j.core.Sops4j;
import dev.sops4j.core.cipher.AesGcmValueCipher;
import dev.sops4j.core.config.ConfigLoader;
import dev.sops4j.core.config.ConfigWarning;
import dev.sops4j.core.config.KeyRefFactory;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.CryptoException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.InputException;
import dev.sops4j.core.error.MacMismatchException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.io.Chunked;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One command's view of the world: options, the .sops.yaml in effect (loaded at most once) and the library
 * instance. Commands stay thin by going through these helpers, which also fix the sops error wording.
 */
public final class Session {
    /** An input this large (1 MiB) has its value cipher's libcrypto loaded while it is parsed. */
    private static final int BULK_INPUT_BYTES = 1 << 20;

    private final CliContext ctx;
    private final CommonOptions common;
    private final FormatOptions format;
    private final Clock clock = Clock.systemUTC();
    private Optional<SopsConfig> config;
    private Sops4j sops;
    private final Map<Format, Store> stores = new ConcurrentHashMap<>();

    public Session(CliContext ctx, CommonOptions common, FormatOptions format) {
        this.ctx = ctx;
        this.common = common == null ? new CommonOptions() : common;
        this.format = format == null ? new FormatOptions() : format;
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
            config.ifPresent(this::reportUnknownKeys);
        }
        return config;
    }

    /**
     * Unknown .sops.yaml keys (sops ignores them silently; most are typos): a warning each, or with
     * {@code --strict-config} / {@code SOPS4J_STRICT_CONFIG=1} an error.
     */
    private void reportUnknownKeys(SopsConfig c) {
        if (c.warnings().isEmpty()) {
            return;
        }
        boolean strict = common.strictConfig || ctx.env().get("SOPS4J_STRICT_CONFIG").filter(v -> v.equals("1")
                || v.equalsIgnoreCase("true")).isPresent();
        if (strict) {
            ConfigWarning first = c.warnings().get(0);
            throw new ConfigException("error loading config file " + first.message().replace("; it is ignored", "")
                    + (c.warnings().size() > 1 ? " (and " + (c.warnings().size() - 1) + " more)" : "")
                    + " (--strict-config)");
        }
        for (ConfigWarning w : c.warnings()) {
            ctx.err().println("warning: " + w.message());
        }
    }

    public synchronized Sops4j sops() {
        if (sops == null) {
            sops = Wiring.sops(ctx.env(), storeSettings(), Wiring.stderr(ctx.err()),
                    new Wiring.KeyServices(common.keyservices(ctx.env()), common.localKeyservice(ctx.env())));
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

    /** The store of a format, made once per session (a batch asks for it several times per file). */
    public Store store(Format f) {
        Store s = stores.get(f);
        if (s == null) {
            s = sops().store(f, storeSettings());
            Store first = stores.putIfAbsent(f, s);
            s = first != null ? first : s;
        }
        return s;
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
        } catch (InputException e) {
            // sops reports a file it cannot parse while loading an encrypted file with its generic code 1
            throw new InputException(e.exitCode() == ExitCode.COULD_NOT_READ_INPUT_FILE ? ExitCode.GENERIC
                    : e.exitCode(), named(in, e), e);
        } catch (MetadataException e) {
            boolean hasMetadata;
            try {
                hasMetadata = store.hasSopsMetadata(in.bytes());
            } catch (RuntimeException parseFailure) {
                hasMetadata = true;
            }
            if (!hasMetadata) {
                throw new InputException(ExitCode.GENERIC, "sops metadata not found: " + in.name()
                        + " is not encrypted (to encrypt it: sops4j encrypt -i " + in.name() + ")", e);
            }
            throw new MetadataException(e.exitCode(), named(in, e), e);
        }
    }

    /** Decrypts a sops file; a damaged value or MAC names the file (the data-key report names the keys). */
    public DecryptedFile decrypt(Input in, Format f, boolean ignoreMac) {
        return decrypt(in, f, decryptOptions(ignoreMac));
    }

    /**
     * Decrypts a sops file whose plaintext is only printed, exported or written out, never re-encrypted from this
     * copy: no IV is remembered (see {@link DecryptOptions#readOnly()}).
     */
    public DecryptedFile decryptToRead(Input in, Format f, boolean ignoreMac) {
        return decrypt(in, f, decryptOptions(ignoreMac).readOnly());
    }

    private DecryptedFile decrypt(Input in, Format f, DecryptOptions options) {
        EncryptedDocument doc = parseEncrypted(in, f);
        try {
            return sops().decrypt(doc, options);
        } catch (MacMismatchException e) {
            throw new MacMismatchException(e.exitCode(), named(in, e), e);
        } catch (CryptoException e) {
            throw new CryptoException(e.exitCode(), named(in, e), e);
        }
    }

    /** {@code FILE: message} for a file, the message alone for stdin. */
    private static String named(Input in, RuntimeException e) {
        return in.path().map(p -> p + ": " + e.getMessage()).orElse(e.getMessage());
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

    /**
     * Reads the file argument, or stdin when there is none. A large input will have many values or large ones: the
     * value cipher's faster machinery (libcrypto, where the runtime allows it) gets ready while it is parsed.
     */
    public Input input(String file) {
        Input in = file == null ? Input.stdin(ctx.in()) : Input.read(ctx.resolve(file));
        if (in.bytes().length >= BULK_INPUT_BYTES) {
            AesGcmValueCipher.prepareBulk();
        }
        return in;
    }

    /** Sends a result to stdout, {@code --output} or back to the input file. */
    public void deliver(byte[] bytes, OutputOptions out, Input in, boolean plaintext) {
        deliver(bytes, out, in, plaintext, false);
    }

    /**
     * As {@link #deliver(byte[], OutputOptions, Input, boolean)}; {@code replacesPlaintext} (encrypt) refuses an
     * in-place write to a file with other hard links, which would keep the plaintext. In place, the file must
     * still be the one that was read.
     */
    public void deliver(byte[] bytes, OutputOptions out, Input in, boolean plaintext, boolean replacesPlaintext) {
        var mode = plaintext ? AtomicFiles.PRIVATE : AtomicFiles.SHARED;
        if (out != null && out.inPlace && out.output != null) {
            throw new UsageException("Error: cannot use --output and --in-place together");
        }
        if (out != null && out.inPlace) {
            Path target = in.path().orElseThrow(() -> new UsageException("--in-place needs a file, not stdin"));
            AtomicFiles.Expect expect = AtomicFiles.Expect.readFrom(in);
            // decrypted in place: the plaintext is private whatever the encrypted file's mode was
            AtomicFiles.Mode m = plaintext ? AtomicFiles.Mode.exactly(AtomicFiles.PRIVATE) : AtomicFiles.Mode.keepOr(mode);
            AtomicFiles.write(target, bytes, m, replacesPlaintext ? expect.andSingleLink() : expect);
        } else if (out != null && out.output != null) {
            AtomicFiles.write(ctx.resolve(out.output), bytes, mode);
        } else {
            try {
                Chunked.writeAll(ctx.out(), bytes);
                ctx.out().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
