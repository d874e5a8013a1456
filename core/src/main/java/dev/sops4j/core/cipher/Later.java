package dev.sops4j.core.cipher;

import java.util.function.Supplier;

/** Results handed out as suppliers by {@link ValueCipher}'s {@code *Later} methods. */
final class Later {
    private Later() {
    }

    /** A supplier that throws {@code e}: a failure surfaces where the value is taken, in document order. */
    static <T> Supplier<T> failing(RuntimeException e) {
        return () -> {
            throw e;
        };
    }

    /** Runs {@code work} now; the supplier gives its result, or throws its failure. */
    static <T> Supplier<T> now(Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            return failing(e);
        }
        return () -> result;
    }
}
