package dev.sops4j.core.api;

import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.env.Environment;

/**
 * How {@link Sops} finds keys and checks a file. {@link #defaults()} is what the CLI does: the process environment
 * ({@code SOPS_AGE_KEY_FILE}, {@code SOPS_AGE_KEY}, {@code GNUPGHOME}, {@code AWS_*}, the default key files under
 * the home directory) and a verified MAC.
 *
 * @param environment the variables and directories key sources read
 * @param options     {@code ignoreMac} and the order in which key types are tried
 */
public record SopsSettings(Environment environment, DecryptOptions options) {
    public static SopsSettings defaults() {
        return new SopsSettings(Environment.system(), DecryptOptions.DEFAULTS);
    }

    /** The same settings with one environment variable set, e.g. {@code SOPS_AGE_KEY_FILE}. */
    public SopsSettings withVariable(String name, String value) {
        return new SopsSettings(environment.with(name, value), options);
    }

    public SopsSettings withOptions(DecryptOptions newOptions) {
        return new SopsSettings(environment, newOptions);
    }
}
