package dev.sops4j.kms.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link FakeAws} as a process for shell-level benches and manual CLI runs:
 * {@code FakeAwsMain <env-file> [latency-ms] [key-count]} writes {@code export NAME=value} lines (endpoints,
 * credentials and {@code SOPS_KMS_ARN} with the created key ARNs) to {@code env-file}, then serves until killed.
 */
public final class FakeAwsMain {
    private FakeAwsMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: FakeAwsMain <env-file> [latency-ms] [key-count]");
        }
        Path envFile = Path.of(args[0]);
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int keyCount = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        FakeAws aws = FakeAws.start();
        aws.kms().latency(Duration.ofMillis(latency));
        StringBuilder arns = new StringBuilder();
        for (int i = 0; i < keyCount; i++) {
            arns.append(i == 0 ? "" : ",").append(aws.kms().createKey("us-east-1"));
        }
        StringBuilder out = new StringBuilder();
        aws.environment().forEach((k, v) -> out.append("export ").append(k).append('=').append(v).append('\n'));
        out.append("export SOPS_KMS_ARN=").append(arns).append('\n');
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
        new CountDownLatch(1).await();
    }
}
