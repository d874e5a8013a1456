package dev.sops4j.kms.fake;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for AWS IAM's view of one account: which access keys exist, their secrets, session tokens and the
 * principal they act as. Shared by {@link FakeStsServer} (which issues temporary keys here) and
 * {@link FakeKmsServer} (which checks SigV4 signatures against it), as real STS and KMS share IAM.
 */
public final class FakeAwsAccount {
    /** An access key and who it belongs to; {@code sessionToken} is empty for long-term user keys. */
    public record Identity(String accessKeyId, String secretAccessKey, String sessionToken, String principal) {
    }

    private final String accountId;
    private final Map<String, Identity> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public FakeAwsAccount(String accountId) {
        this.accountId = accountId;
    }

    public String accountId() {
        return accountId;
    }

    /** A long-term IAM user key (what {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} would hold). */
    public Identity addUser(String userName) {
        Identity id = new Identity("AKIA" + token(8).toUpperCase(), token(20), "",
                "arn:aws:iam::" + accountId + ":user/" + userName);
        keys.put(id.accessKeyId(), id);
        return id;
    }

    /** Temporary credentials for an assumed role session, as STS hands them out. */
    Identity issueSession(String roleArn, String sessionName) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        Identity id = new Identity("ASIA" + token(8).toUpperCase(), token(20), token(32),
                "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName);
        keys.put(id.accessKeyId(), id);
        return id;
    }

    Optional<Identity> lookup(String accessKeyId) {
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
