package dev.sops4j.core.error;

/** .sops.yaml or another configuration input is invalid. */
public final class ConfigException extends SopsException {
    public ConfigException(String message) {
        this(message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(ExitCode.GENERIC, message, cause);
    }

    public ConfigException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
