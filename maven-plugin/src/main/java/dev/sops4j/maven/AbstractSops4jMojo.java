package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.config.ConfigLoader;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.Format;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Parameters every goal shares and the mapping of core failures to Maven failures. Goals only select files, call
 * core and report; all sops logic lives in {@code sops4j-core}. Nothing here logs a decrypted value.
 */
abstract class AbstractSops4jMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Directory the {@code includes}/{@code excludes} patterns apply to and .sops.yaml is searched from. */
    @Parameter(property = "sops4j.baseDirectory", defaultValue = "${project.basedir}")
    protected File baseDirectory;

    /**
     * Glob patterns of files to process, relative to {@code baseDirectory}. Default: the files the nearest
     * {@code .sops.yaml}'s creation rules with a {@code path_regex} match.
     */
    @Parameter(property = "sops4j.includes")
    protected List<String> includes;

    /** Glob patterns to leave out. {@code target} and {@code .git} directories are always left out. */
    @Parameter(property = "sops4j.excludes")
    protected List<String> excludes;

    /** Overrides the format detected from each file's extension: yaml, json, dotenv, ini or binary. */
    @Parameter(property = "sops4j.inputType")
    protected String inputType;

    /** Path of the sops config; default: {@code SOPS_CONFIG}, else {@code .sops.yaml} from {@code baseDirectory} up. */
    @Parameter(property = "sops4j.config")
    protected File config;

    /** Key types to try first, comma separated; default: {@code SOPS_DECRYPTION_ORDER}, else {@code age,pgp}. */
    @Parameter(property = "sops4j.decryptionOrder")
    protected String decryptionOrder;

    /** Skips the goal. */
    @Parameter(property = "sops4j.skip", defaultValue = "false")
    protected boolean skip;

    private Environment env;
    private Optional<SopsConfig> sopsConfig;

    protected abstract String goal();

    protected abstract void run(Sops4j sops, List<Path> files) throws MojoExecutionException, MojoFailureException;

    /** Directories a goal writes to, so a later run does not pick its own output up again. */
    protected List<Path> ownOutput() {
        return List.of();
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("sops4j:" + goal() + " skipped (sops4j.skip)");
            return;
        }
        env = Environment.system();
        FileSelection selection = new FileSelection(baseDirectory.toPath(), includes, excludes, ownOutput(),
                includes == null || includes.isEmpty() ? sopsConfig() : Optional.empty());
        List<Path> files;
        try {
            files = selection.select();
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("sops4j:" + goal() + " parameter <baseDirectory>: cannot list files in "
                    + baseDirectory + ": " + e.getMessage(), e);
        }
        if (files.isEmpty() && project.getModules().isEmpty()) {
            // An aggregator parent usually has no secrets of its own; its modules report for themselves.
            getLog().warn("sops4j:" + goal() + " selected no files under " + baseDirectory + ": set <includes>, or"
                    + " add a creation rule with a path_regex to .sops.yaml (<config>)");
        }
        run(PluginWiring.sops4j(env), files);
    }

    /** The .sops.yaml in effect (loaded once), or empty when there is none. */
    protected Optional<SopsConfig> sopsConfig() throws MojoExecutionException {
        if (sopsConfig == null) {
            Environment here = new Environment(env.variables(), env.home(), baseDirectory.toPath().toAbsolutePath());
            try {
                sopsConfig = new ConfigLoader(here, Clock.systemUTC())
                        .load(Optional.ofNullable(config).map(File::getPath));
            } catch (SopsException e) {
                throw parameterError("config", e.getMessage());
            }
        }
        return sopsConfig;
    }

    protected Optional<Format> inputFormat() throws MojoExecutionException {
        return parseFormat(inputType, "inputType");
    }

    protected Optional<Format> parseFormat(String value, String parameter) throws MojoExecutionException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Format.fromCliName(value.trim()));
        } catch (SopsException e) {
            throw parameterError(parameter, e.getMessage());
        }
    }

    protected DecryptOptions decryptOptions(boolean ignoreMac) {
        String given = decryptionOrder != null && !decryptionOrder.isBlank() ? decryptionOrder
                : env.get("SOPS_DECRYPTION_ORDER").orElse("");
        List<String> order = Arrays.stream(given.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new DecryptOptions(ignoreMac, order.isEmpty() ? DecryptOptions.DEFAULT_ORDER : order);
    }

    protected String relative(Path file) {
        return baseDirectory.toPath().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize())
                .toString();
    }

    protected MojoExecutionException parameterError(String parameter, String message) {
        return new MojoExecutionException("sops4j:" + goal() + " parameter <" + parameter + ">: " + message);
    }

    /** A file that cannot be processed; core messages never contain secret values, so they are safe to show. */
    protected MojoFailureException failure(Path file, SopsException e) {
        return new MojoFailureException("sops4j:" + goal() + " failed for " + relative(file) + ": " + e.getMessage()
                + " (exit code " + e.exitCode().code() + " in the CLI)");
    }
}
