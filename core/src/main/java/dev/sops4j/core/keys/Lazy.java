package dev.sops4j.core.keys;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use and then shared (thread-safe): how key sources hold the client of a cloud service,
 * so that nothing of its SDK or settings is touched until a file names a key of that type.
 *
 * @param <T> the client type
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get(), "factory result");
                    value = v;
                }
            }
        }
        return v;
    }
}
