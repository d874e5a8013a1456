package dev.sops4j.kms.fake;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fake AWS account with its loopback KMS and STS, for tests in other modules (CLI end-to-end tests, benches):
 * {@link #environment()} gives the variables a user would export to point the real SDK at them.
 */
public final class FakeAws implements AutoCloseable {
    public static final String ACCOUNT = "111122223333";

    private final FakeAwsAccount account = new FakeAwsAccount(ACCOUNT);
    private final FakeKmsServer kms;
    private final FakeStsServer sts;
    private final FakeAwsAccount.Identity user;

    private FakeAws() throws IOException {
        this.kms = FakeKmsServer.start(account);
        FakeStsServer started;
        try {
            started = FakeStsServer.start(account);
        } catch (IOException | RuntimeException e) {
            kms.close();
            throw e;
        }
        this.sts = started;
        this.user = account.addUser("ci");
    }

    public static FakeAws start() throws IOException {
        return new FakeAws();
    }

    public FakeAwsAccount account() {
        return account;
    }

    public FakeKmsServer kms() {
        return kms;
    }

    public FakeStsServer sts() {
        return sts;
    }

    /** The long-term key of IAM user {@code ci}. */
    public FakeAwsAccount.Identity user() {
        return user;
    }

    /** Endpoint overrides plus the {@code ci} user's keys; add {@code AWS_ROLE_ARN} etc. as needed. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", user.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", user.secretAccessKey());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    @Override
    public void close() {
        kms.close();
        sts.close();
    }
}
