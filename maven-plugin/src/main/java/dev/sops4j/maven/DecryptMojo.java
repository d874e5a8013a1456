package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.api.SopsFiles;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.StoreSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Decrypts the selected sops files into {@code outputDirectory}, keeping their relative paths, mode 0600. */
@Mojo(name = "decrypt", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class DecryptMojo extends AbstractSops4jMojo {

    /** Where decrypted files go (relative paths kept). */
    @Parameter(property = "sops4j.outputDirectory", defaultValue = "${project.build.directory}/sops4j")
    private File outputDirectory;

    /** Output format (yaml, json, dotenv, ini, binary); default: each file's own format. */
    @Parameter(property = "sops4j.outputType")
    private String outputType;

    /** Decrypt even when the MAC does not verify (as {@code sops decrypt --ignore-mac}). */
    @Parameter(property = "sops4j.ignoreMac", defaultValue = "false")
    private boolean ignoreMac;

    @Override
    protected String goal() {
        return "decrypt";
    }

    @Override
    protected List<Path> ownOutput() {
        return List.of(outputDirectory.toPath());
    }

    @Override
    protected void run(Sops4j sops, List<Path> files) throws MojoExecutionException, MojoFailureException {
        Optional<Format> in = inputFormat();
        Optional<Format> out = parseFormat(outputType, "outputType");
        // Output indentation follows the stores: section of .sops.yaml, as sops decrypt does.
        StoreSettings settings = sopsConfig().map(SopsConfig::stores).orElse(StoreSettings.DEFAULTS);
        SopsFiles api = new SopsFiles(sops);
        Path outDir = outputDirectory.toPath();
        // Checked before anything is written, so a clash never leaves half the output behind.
        Map<Path, Path> targets = new LinkedHashMap<>();
        for (Path file : files) {
            Path target = outDir.resolve(OutputNames.renamed(relative(file), out));
            Path earlier = targets.putIfAbsent(target, file);
            if (earlier != null) {
                throw parameterError("outputType", relative(earlier) + " and " + relative(file)
                        + " would both be written to " + target);
            }
        }
        for (Map.Entry<Path, Path> t : targets.entrySet()) {
            Path file = t.getValue();
            Path target = t.getKey();
            byte[] plain;
            try {
                plain = api.decryptToBytes(file, in, out, decryptOptions(ignoreMac), settings);
            } catch (SopsException e) {
                throw failure(file, e);
            }
            try {
                PrivateFiles.write(target, plain);
            } catch (IOException e) {
                throw parameterError("outputDirectory", "cannot write " + target + ": " + e.getMessage());
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
            getLog().debug("sops4j:decrypt " + relative(file) + " -> " + target);
        }
        getLog().info("sops4j:decrypt wrote " + files.size() + " file(s) to " + outDir);
    }
}
