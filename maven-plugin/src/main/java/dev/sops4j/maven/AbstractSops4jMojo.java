package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.Format;
import java.io.File;
import java.nio.file.Path;
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
 * core and report; all sops logic lives in {@code sops4j-core}.
 */
abstract class AbstractSops4jMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** Directory the {@code includes}/{@code excludes} patterns and .sops.yaml rules are relative to. */
    @Parameter(property = "sops4j.baseDirectory", defaultValue = "${project.basedir}")
    protected File baseDirectory;

    /**
     * Glob patterns of files to process, relative to {@code baseDirectory}. Default: the files the nearest
     * {@code .sops.yaml}'s creation rules match.
     */
    @Parameter(property = "sops4j.includes")
    protected List<String> includes;

    /** Glob patterns to leave out. {@code target/**} and {@code .git/**} are always left out. */
    @Parameter(property = "sops4j.excludes")
    protected List<String> excludes;

    /** Overrides the format detected from each file's extension: yaml, json, dotenv, ini or binary. */
    @Parameter(property = "sops4j.inputType")
    protected String inputType;

    /** Path of the sops config; default: {@code .sops.yaml} found from {@code baseDirectory} upwards. */
    @Parameter(property = "sops4j.config")
    protected File config;

    /** Key types to try first, comma separated (as {@code SOPS_DECRYPTION_ORDER}). */
    @Parameter(property = "sops4j.decryptionOrder", defaultValue = "age,pgp")
    protected String decryptionOrder;

    /** Skips the goal. */
    @Parameter(property = "sops4j.skip", defaultValue = "false")
    protected boolean skip;

    protected abstract String goal();

    protected abstract void run(Sops4j sops, List<Path> files) throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("sops4j:" + goal() + " skipped (sops4j.skip)");
            return;
        }
        Environment env = Environment.system();
        Sops4j sops = PluginWiring.sops4j(env);
        List<Path> files;
        try {
            files = new FileSelection(baseDirectory.toPath(), includes, excludes,
                    Optional.ofNullable(config).map(File::toPath), env).select();
        } catch (SopsException e) {
            throw failure("config", e);
        }
        run(sops, files);
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
            throw new MojoExecutionException("sops4j:" + goal() + " parameter <" + parameter + ">: " + e.getMessage());
        }
    }

    protected DecryptOptions decryptOptions(boolean ignoreMac) {
        List<String> order = Arrays.stream(decryptionOrder.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        return new DecryptOptions(ignoreMac, order.isEmpty() ? DecryptOptions.DEFAULT_ORDER : order);
    }

    protected String relative(Path file) {
        return baseDirectory.toPath().toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }

    /** The one place core failures become Maven failures; the message names the parameter to fix. */
    protected MojoExecutionException failure(String parameter, SopsException e) {
        return new MojoExecutionException("sops4j:" + goal() + " <" + parameter + ">: " + e.getMessage());
    }

    protected MojoFailureException failure(Path file, SopsException e) {
        return new MojoFailureException("sops4j:" + goal() + " failed for " + relative(file) + ": " + e.getMessage()
                + " (exit code " + e.exitCode().code() + " in the CLI)");
    }
}
