package dev.sops4j.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up failures of a {@code sops:} import as one line naming the file and the cause, with what to check. */
public final class SopsFailureAnalyzer extends AbstractFailureAnalyzer<SopsConfigDataException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SopsConfigDataException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Check that the file is intact and that a key for it is available (SOPS_AGE_KEY_FILE, "
                        + "sops4j.age.key-file, ~/.config/sops/age/keys.txt, GNUPGHOME, AWS credentials), or "
                        + "import it with 'optional:sops:' if the application can start without it.",
                cause);
    }
}
