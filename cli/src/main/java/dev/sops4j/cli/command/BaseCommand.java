package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.cli.ops.Session;
import dev.sops4j.cli.options.CommonOptions;
import dev.sops4j.cli.options.FormatOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Shared plumbing of every command: the invocation context and the common flags. */
public abstract class BaseCommand implements Callable<Integer> {
    protected final CliContext ctx;

    @Mixin
    protected CommonOptions common;

    protected BaseCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    protected Session session(FormatOptions format) {
        return new Session(ctx, common, format);
    }

    @Override
    public final Integer call() throws Exception {
        return run();
    }

    protected abstract int run() throws Exception;
}
