package dev.sops4j.core.error;

/** sops' process exit codes ({@code cmd/sops/codes/codes.go}); the CLI maps every failure to one of these. */
public enum ExitCode {
    GENERIC(1),
    COULD_NOT_READ_INPUT_FILE(2),
    COULD_NOT_WRITE_OUTPUT_FILE(3),
    ERROR_DUMPING_TREE(4),
    INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT(6),
    INVALID_SET_FORMAT(7),
    CONFLICTING_PARAMETERS(8),
    ERROR_ENCRYPTING_MAC(21),
    ERROR_ENCRYPTING_TREE(23),
    ERROR_DECRYPTING_TREE(25),
    CANNOT_CHANGE_KEYS_FROM_NON_EXISTENT_FILE(49),
    MAC_MISMATCH(51),
    INVALID_TREE_PATH_FORMAT(91),
    NEED_AT_LEAST_ONE_DOCUMENT(92),
    NO_FILE_SPECIFIED(100),
    DUPLICATE_DECRYPTION_KEY_TYPE(112),
    COULD_NOT_RETRIEVE_KEY(128),
    FILE_HAS_NOT_BEEN_MODIFIED(200),
    NO_EDITOR_FOUND(201),
    FILE_ALREADY_ENCRYPTED(203);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
