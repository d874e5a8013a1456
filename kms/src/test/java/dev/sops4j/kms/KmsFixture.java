package dev.sops4j.kms;

import dev.sops4j.core.env.Environment;
import dev.sops4j.kms.fake.FakeAwsAccount;
import dev.sops4j.kms.fake.FakeKmsServer;
import dev.sops4j.kms.fake.FakeStsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** One fake AWS account with loopback KMS and STS, and environments pointing the real SDK at them. */
final class KmsFixture implements AutoCloseable {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T21:00:07.123Z"), ZoneOffset.UTC);

    final FakeAwsAccount account = new FakeAwsAccount(ACCOUNT);
    final FakeKmsServer kms;
    final FakeStsServer sts;
    final FakeAwsAccount.Identity user = account.addUser("ci");
    final Path home;

    KmsFixture(Path home) throws IOException {
        this.home = home;
        this.kms = FakeKmsServer.start(account);
        this.sts = FakeStsServer.start(account);
    }

    /** Endpoints only: no credentials. */
    Map<String, String> endpoints() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        return env;
    }

    /** Endpoints plus the CI user's static keys, as exported in a shell. */
    Map<String, String> userEnv() {
        Map<String, String> env = endpoints();
        env.put("AWS_ACCESS_KEY_ID", user.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", user.secretAccessKey());
        return env;
    }

    Environment environment(Map<String, String> vars) {
        return new Environment(vars, home, home);
    }

    KmsKeySource source(Map<String, String> vars) {
        return KmsKeySource.builder(environment(vars))
                .clock(CLOCK)
                .hostname(() -> "build-host-7")
                .retryBaseDelay(Duration.ofMillis(5))
                .hostCredentials(false)
                .build();
    }

    @Override
    public void close() {
        kms.close();
        sts.close();
    }
}
