package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.config.ConfigLoader;
import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ConfigException;
import dev.sops4j.core.error.SopsException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Encrypts plaintext files by the .sops.yaml creation rules (for files generated during a build). Files that are
 * already encrypted are left alone.
 */
@Mojo(name = "encrypt", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class EncryptMojo extends AbstractSops4jMojo {

    /** Where encrypted files go (relative paths kept); ignored with {@code inPlace}. */
    @Parameter(property = "sops4j.encryptOutputDirectory", defaultValue = "${project.build.directory}/sops4j-encrypted")
    private File outputDirectory;

    /** Replace each plaintext file with its encrypted form. */
    @Parameter(property = "sops4j.inPlace", defaultValue = "false")
    private boolean inPlace;

    @Override
    protected String goal() {
        return "encrypt";
    }

    @Override
    protected void run(Sops4j sops, List<Path> files) throws MojoExecutionException, MojoFailureException {
        Environment env = new Environment(Environment.system().variables(), Environment.system().home(),
                baseDirectory.toPath());
        SopsConfig cfg;
        try {
            cfg = new ConfigLoader(env, Clock.systemUTC()).load(Optional.ofNullable(config).map(File::toString))
                    .orElseThrow(() -> new ConfigException("no .sops.yaml found from " + baseDirectory + " upwards"));
        } catch (SopsException e) {
            throw failure("config", e);
        }
        int done = 0;
        for (Path file : files) {
            Format format = inputFormat().orElseGet(() -> Format.fromPath(file.getFileName().toString()));
            Store store = sops.store(format);
            try {
                byte[] plain = Files.readAllBytes(file);
                if (store.hasSopsMetadata(plain)) {
                    continue;
                }
                CreationRule rule = cfg.requireRuleFor(file);
                EncryptionSpec spec = new EncryptionSpec(rule.keyGroups(), rule.shamirThreshold(),
                        rule.encryptionRule(), rule.macOnlyEncrypted());
                EncryptedDocument doc = sops.encrypt(store.parsePlain(plain), spec, format);
                byte[] out = store.emitEncrypted(doc.branches(), doc.metadata());
                Path target = inPlace ? file : outputDirectory.toPath().resolve(relative(file));
                PrivateFiles.write(target, out);
                done++;
            } catch (SopsException e) {
                throw failure(file, e);
            } catch (IOException e) {
                throw new MojoExecutionException("sops4j:encrypt cannot process " + relative(file) + ": "
                        + e.getMessage(), e);
            }
        }
        getLog().info("sops4j: encrypted " + done + " file(s)");
    }
}
