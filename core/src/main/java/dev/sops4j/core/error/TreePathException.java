package dev.sops4j.core.error;

/** A --extract/set/unset path is malformed or does not exist. */
public final class TreePathException extends SopsException {
    public TreePathException(String message) {
        this(message, null);
    }

    public TreePathException(String message, Throwable cause) {
        super(ExitCode.INVALID_TREE_PATH_FORMAT, message, cause);
    }

    public TreePathException(ExitCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
