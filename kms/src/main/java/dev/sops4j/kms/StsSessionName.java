package dev.sops4j.kms;

/**
 * The STS role session name sops uses, {@code sops@<hostname>}: characters STS rejects are dropped and the result is
 * cut to STS's 64-character limit, so CloudTrail shows which machine assumed the role.
 */
final class StsSessionName {
    static final int MAX_LENGTH = 64;

    private StsSessionName() {
    }

    static String forHost(String hostname) {
        String name = "sops@" + hostname.replaceAll("[^\\w+=,.@-]", "");
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }
}
