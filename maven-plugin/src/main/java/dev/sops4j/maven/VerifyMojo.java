package dev.sops4j.maven;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.api.SopsFiles;
import dev.sops4j.core.error.SopsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build, naming every bad file and why, when a file that should be encrypted is plaintext, is not a
 * well-formed sops file, or (when a key is available) does not match its MAC. Without keys it checks structure
 * only, so pull-request CI needs no secrets. Meant for pull-request CI and pre-commit.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class VerifyMojo extends AbstractSops4jMojo {

    /** Also fail for files whose MAC could not be checked because no available key recovers their data key. */
    @Parameter(property = "sops4j.requireMac", defaultValue = "false")
    private boolean requireMac;

    @Override
    protected String goal() {
        return "verify";
    }

    @Override
    protected void run(Sops4j sops, List<Path> files) throws MojoExecutionException, MojoFailureException {
        SopsFiles api = new SopsFiles(sops);
        List<String> problems = new ArrayList<>();
        int verified = 0;
        int structural = 0;
        for (Path file : files) {
            String name = relative(file);
            try {
                switch (api.verify(file, inputFormat(), decryptOptions(false))) {
                    case PLAINTEXT -> problems.add(name + ": plaintext, but it must be encrypted (no sops metadata)");
                    case STRUCTURE_ONLY -> {
                        structural++;
                        if (requireMac) {
                            problems.add(name + ": MAC not verified, no available key recovers the data key"
                                    + " (<requireMac> is true)");
                        } else {
                            getLog().debug("sops4j:verify " + name + ": structure only, no key available");
                        }
                    }
                    case MAC_VERIFIED -> verified++;
                }
            } catch (SopsException e) {
                problems.add(name + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // Not one of ours: its message might quote file content, so only its type is shown.
                problems.add(name + ": cannot be read as a sops file (" + e.getClass().getName() + ")");
            }
        }
        for (String p : problems) {
            getLog().error("sops4j:verify " + p);
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException("sops4j:verify found " + problems.size() + " bad file(s): "
                    + String.join("; ", problems));
        }
        getLog().info("sops4j:verify " + files.size() + " file(s) OK: " + verified + " MAC verified, " + structural
                + " checked for structure only (no key available)");
    }
}
