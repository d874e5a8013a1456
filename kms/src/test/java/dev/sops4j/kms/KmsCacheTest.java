package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.kms.fake.FakeKmsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process never asks KMS twice for the same (arn, context, ciphertext). */
class KmsCacheTest {
    @TempDir
    Path home;
    KmsFixture aws;
    String arn;
    KmsKeyRef wrapped;

    @BeforeEach
    void start() throws Exception {
        aws = new KmsFixture(home);
        arn = aws.kms.createKey(KmsFixture.REGION);
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("b", "2");
        ctx.put("a", "1");
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            wrapped = source.wrap(new KmsKeyRef(arn, "", ctx, "", "", ""),
                    SecretBytes.copyOf(KmsKeySourceTest.DATA_KEY));
        }
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private long decrypts() {
        return aws.kms.calls().stream().filter(c -> c.operation().equals("Decrypt")).count();
    }

    @Test
    void sameRefTwiceIsOneKmsCall() {
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            assertArrayEquals(KmsKeySourceTest.DATA_KEY, KmsKeySourceTest.unwrapBytes(source, wrapped));
            assertArrayEquals(KmsKeySourceTest.DATA_KEY, KmsKeySourceTest.unwrapBytes(source, wrapped));
            // Same context in another order, another role: still the same KMS question.
            KmsKeyRef reordered = new KmsKeyRef(arn, "", Map.of("a", "1", "b", "2"), "", "", wrapped.enc());
            assertArrayEquals(KmsKeySourceTest.DATA_KEY, KmsKeySourceTest.unwrapBytes(source, reordered));
            assertEquals(1, source.cachedKeys());
        }
        assertEquals(1, decrypts());
    }

    @Test
    void aDifferentContextIsAskedAgain() {
        KmsKeyRef other = new KmsKeyRef(arn, "", Map.of("a", "1"), "", "", wrapped.enc());
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            KmsKeySourceTest.unwrapBytes(source, wrapped);
            assertThrows(RuntimeException.class, () -> source.unwrap(other));
            assertThrows(RuntimeException.class, () -> source.unwrap(other));
        }
        assertEquals(3, decrypts(), "failures are not cached");
    }

    @Test
    void wrappingSeedsTheCache() {
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            KmsKeyRef fresh = source.wrap(new KmsKeyRef(arn, "", Map.of(), "", "", ""),
                    SecretBytes.copyOf(KmsKeySourceTest.DATA_KEY));
            assertArrayEquals(KmsKeySourceTest.DATA_KEY, KmsKeySourceTest.unwrapBytes(source, fresh));
        }
        assertEquals(0, decrypts());
    }

    @Test
    void concurrentUnwrapsOfOneRefShareOneRequest() throws Exception {
        aws.kms.latency(Duration.ofMillis(200));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return KmsKeySourceTest.unwrapBytes(source, wrapped);
                }));
            }
            go.countDown();
            for (Future<byte[]> f : results) {
                assertArrayEquals(KmsKeySourceTest.DATA_KEY, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, decrypts());
    }

    @Test
    void returnedSecretsAreIndependentCopiesAndCloseWipesTheCache() {
        KmsKeySource source = aws.source(aws.userEnv());
        SecretBytes first = source.unwrap(wrapped);
        first.close();
        assertArrayEquals(KmsKeySourceTest.DATA_KEY, KmsKeySourceTest.unwrapBytes(source, wrapped));
        source.close();
        assertEquals(0, source.cachedKeys());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.unwrap(wrapped));
        assertEquals("KMS key source is closed", e.getMessage());
        assertEquals(List.of("Encrypt", "Decrypt"),
                aws.kms.calls().stream().map(FakeKmsServer.Call::operation).toList());
    }

    @Test
    void distinctKeysInManyThreadsEachOneCall() throws Exception {
        int files = 40;
        List<KmsKeyRef> refs = new ArrayList<>();
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            for (int i = 0; i < files; i++) {
                byte[] k = KmsKeySourceTest.DATA_KEY.clone();
                k[0] = (byte) i;
                refs.add(source.wrap(new KmsKeyRef(arn, "", Map.of("file", "f" + (i % 5)), "", "", ""),
                        SecretBytes.copyOf(k)));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (KmsKeySource source = aws.source(aws.userEnv())) {
            List<Future<byte[]>> out = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (KmsKeyRef r : refs) {
                    out.add(pool.submit(() -> KmsKeySourceTest.unwrapBytes(source, r)));
                }
            }
            for (int i = 0; i < out.size(); i++) {
                assertEquals((byte) (i % files), out.get(i).get()[0]);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(files, decrypts());
    }
}
