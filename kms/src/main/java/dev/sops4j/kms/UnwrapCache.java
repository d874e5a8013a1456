package dev.sops4j.kms;

import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Unwrapped data keys by (arn, encryption context, ciphertext), so one process asks KMS once per distinct
 * ciphertext even when many threads decrypt files sharing a data key at the same time. Concurrent callers for the
 * same entry wait for the first caller's request instead of sending their own. Failures are not remembered.
 */
final class UnwrapCache implements AutoCloseable {
    /** KMS treats the context as an unordered set, so the key sorts it. */
    record Key(String arn, Map<String, String> context, String ciphertext) {
        static Key of(KmsKeyRef ref) {
            return new Key(ref.arn(), new TreeMap<>(ref.context()), ref.enc());
        }
    }

    private final Map<Key, CompletableFuture<SecretBytes>> entries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A fresh copy of the cached secret, calling {@code load} (which hands over its array) at most once. */
    SecretBytes get(Key key, Supplier<byte[]> load) {
        ensureOpen();
        CompletableFuture<SecretBytes> mine = new CompletableFuture<>();
        CompletableFuture<SecretBytes> existing = entries.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(SecretBytes.wrap(load.get()));
            } catch (RuntimeException | Error e) {
                entries.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return copy(mine.join());
        }
        return copy(await(existing));
    }

    /** Remembers a secret we just wrapped ourselves, so decrypting what we encrypted needs no KMS call. */
    void put(Key key, SecretBytes secret) {
        ensureOpen();
        byte[] bytes = secret.copy();
        CompletableFuture<SecretBytes> old = entries.put(key, CompletableFuture.completedFuture(SecretBytes.wrap(bytes)));
        if (old != null && old.isDone() && !old.isCompletedExceptionally()) {
            old.join().close();
        }
    }

    int size() {
        return entries.size();
    }

    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<SecretBytes> f : entries.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().close();
            }
        }
        entries.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("KMS key source is closed");
        }
    }

    private static SecretBytes await(CompletableFuture<SecretBytes> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a KMS unwrap", e);
        } catch (ExecutionException e) {
            // The first caller already reported this failure with full detail; share the same exception type.
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static SecretBytes copy(SecretBytes s) {
        byte[] bytes = s.copy();
        try {
            return SecretBytes.copyOf(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
