package dev.sops4j.core.store.yaml;

/**
 * A load failure worded as sops and yaml.v3 word it; the store adds sops' context and turns it
 * into a {@link dev.sops4j.core.error.SopsException}.
 */
final class YamlProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    YamlProblem(String message) {
        super(message, null, false, false);
    }
}
