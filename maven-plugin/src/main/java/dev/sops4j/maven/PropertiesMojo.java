package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.api.Flattener;
import dev.sops4j.core.api.SopsFiles;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.error.SopsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Decrypts the selected files and sets every value as a project property ({@code prefix + a.b.c}, lists as
 * {@code key[0]}), for resource filtering and later plugins of the same build. Values are never logged; debug
 * output names keys only.
 */
@Mojo(name = "properties", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PropertiesMojo extends AbstractSops4jMojo {

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /** Prepended to every property name, e.g. {@code secrets.}. */
    @Parameter(property = "sops4j.prefix", defaultValue = "")
    private String prefix;

    /** Keep properties already set in the POM or with {@code -D} instead of overwriting them. */
    @Parameter(property = "sops4j.keepExisting", defaultValue = "false")
    private boolean keepExisting;

    @Override
    protected String goal() {
        return "properties";
    }

    @Override
    protected void run(Sops4j sops, List<Path> files) throws MojoExecutionException, MojoFailureException {
        SopsFiles api = new SopsFiles(sops);
        Properties target = project.getProperties();
        int count = 0;
        for (Path file : files) {
            Map<String, String> values;
            try (DecryptedFile f = api.decrypt(file, inputFormat(), decryptOptions(false).readOnly())) {
                values = Flattener.flatten(f.branches(), prefix);
            } catch (SopsException e) {
                throw failure(file, e);
            }
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (keepExisting && isSet(e.getKey())) {
                    getLog().debug("sops4j:properties kept existing " + e.getKey());
                    continue;
                }
                target.setProperty(e.getKey(), e.getValue());
                count++;
            }
            getLog().debug("sops4j:properties from " + relative(file) + ": " + values.keySet());
        }
        getLog().info("sops4j:properties set " + count + " propert" + (count == 1 ? "y" : "ies") + " from "
                + files.size() + " file(s)");
    }

    private boolean isSet(String key) {
        return project.getProperties().containsKey(key)
                || (session != null && session.getUserProperties().containsKey(key));
    }
}
