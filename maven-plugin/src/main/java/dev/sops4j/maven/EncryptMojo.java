package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.io.Chunked;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Encrypts plaintext files by the .sops.yaml creation rules (for files generated during a build). Files that are
 * already encrypted are left alone. Output keeps each file's relative path and format.
 */
@Mojo(name = "encrypt", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class EncryptMojo extends AbstractSops4jMojo {

    /** Where encrypted files go (relative paths kept); ignored with {@code inPlace}. */
    @Parameter(property = "sops4j.encryptOutputDirectory",
            defaultValue = "${project.build.directory}/sops4j-encrypted")
    private File outputDirectory;

    /** Replace each plaintext file with its encrypted form. */
    @Parameter(property = "sops4j.inPlace", defaultValue = "false")
    private boolean inPlace;

    @Override
    protected String goal() {
        return "encrypt";
    }

    @Override
    protected List<Path> ownOutput() {
        return inPlace ? List.of() : List.of(outputDirectory.toPath());
    }

    @Override
    protected void run(Sops4j sops, List<Path> files) throws MojoExecutionException, MojoFailureException {
        SopsConfig cfg = sopsConfig().orElseThrow(() -> parameterError("config",
                "no .sops.yaml found from " + baseDirectory + " upwards; encrypt needs its creation rules"));
        int done = 0;
        for (Path file : files) {
            Format format = inputFormat().orElseGet(() -> Format.fromPath(file.getFileName().toString()));
            Store store = sops.store(format, cfg.stores());
            byte[] plain = read(file);
            try {
                if (store.hasSopsMetadata(plain)) {
                    getLog().debug("sops4j:encrypt " + relative(file) + " is already encrypted");
                    continue;
                }
                CreationRule rule = cfg.requireRuleFor(file);
                EncryptionSpec spec = new EncryptionSpec(rule.keyGroups(), rule.shamirThreshold(),
                        rule.encryptionRule(), rule.macOnlyEncrypted());
                EncryptedDocument doc = sops.encrypt(store.parsePlain(plain), spec, format);
                Path target = inPlace ? file : outputDirectory.toPath().resolve(relative(file));
                write(target, store.emitEncrypted(doc.branches(), doc.metadata()));
                done++;
            } catch (SopsException e) {
                throw failure(file, e);
            } finally {
                java.util.Arrays.fill(plain, (byte) 0);
            }
        }
        getLog().info("sops4j:encrypt encrypted " + done + " file(s)" + (inPlace ? " in place" : " to "
                + outputDirectory));
    }

    private byte[] read(Path file) throws MojoExecutionException {
        try {
            return Chunked.readAll(file);
        } catch (IOException e) {
            throw new MojoExecutionException("sops4j:encrypt cannot read " + relative(file) + ": " + e, e);
        }
    }

    private void write(Path target, byte[] content) throws MojoExecutionException {
        try {
            PrivateFiles.write(target, content);
        } catch (IOException e) {
            throw parameterError(inPlace ? "inPlace" : "outputDirectory", "cannot write " + target + ": " + e);
        }
    }
}
