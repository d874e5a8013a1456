package dev.sops4j.core;

import java.util.function.Supplier;

/**
 * Runs work on a thread whose stack holds the deepest tree sops accepts. Trees are walked recursively (stores,
 * emitters, the encryption walk, the MAC); sops reads up to 10,000 nested levels (YAML: 10,000 block levels
 * and, inside them, 10,000 flow levels), far more than a default 1 MiB thread stack holds. The stores refuse
 * anything deeper with sops' messages, so this bound is enough. The stack is reserved address space: only the
 * pages a deep tree touches are ever committed.
 */
public final class DeepStack {
    /** Measured need at the deepest accepted tree is well under a tenth of this. */
    public static final long STACK_BYTES = 1L << 30;

    private DeepStack() {
    }

    /** Calls {@code work} on a deep-stack thread and returns its result; its exceptions and errors pass through. */
    public static <T> T call(Supplier<T> work) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = work.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "sops4j-main", STACK_BYTES);
        t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
