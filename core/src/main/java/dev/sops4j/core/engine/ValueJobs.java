package dev.sops4j.core.engine;

import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.Element;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Sequence;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The value crypto of one tree walk. {@link #direct()}: every job runs where the walk asks for it (one walk, one
 * thread). {@link #planned()}: a first walk only {@linkplain #add adds} the jobs, in document order, with
 * whatever depends on order (IVs) already chosen; {@link #compute()} starts them on the other cores; a second
 * walk {@linkplain #next takes} their results in the same order while they are being computed (and computes
 * what nobody has started when it would otherwise wait), so the MAC, the IV stash and the first error are
 * exactly those of the direct walk. Results and errors are stored by position: the output does not depend on
 * which thread ran what.
 */
final class ValueJobs {
    /** Below this many scalars and comments a file is walked once, on the calling thread. */
    static final int PARALLEL_MIN = 1024;
    private static final int MAX_CHUNK = 256;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static ExecutorService helpers;

    private final boolean planned;
    private final List<Supplier<?>> jobs;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicInteger cursor = new AtomicInteger();
    private Object[] results;
    private AtomicIntegerArray done;
    private int chunk;
    private int next;
    private volatile boolean cancelled;
    /** Whoever sets it runs the side work: the first helper when it starts, else the taking thread at the end. */
    private final AtomicBoolean alongsideClaimed = new AtomicBoolean();
    private Runnable alongside = () -> { };
    /** Per helper task: set by the task when it starts, or by the taking thread to stop it from starting. */
    private final AtomicIntegerArray started = new AtomicIntegerArray(Math.max(1, THREADS - 1));
    private volatile Throwable crashed;

    private ValueJobs(boolean planned) {
        this.planned = planned;
        this.jobs = planned ? new ArrayList<>() : List.of();
    }

    static ValueJobs direct() {
        return new ValueJobs(false);
    }

    static ValueJobs planned() {
        return new ValueJobs(true);
    }

    /** Whether the walk under way is the planning one (it must add exactly the jobs the next walk takes). */
    boolean planning() {
        return planned && results == null;
    }

    void add(Supplier<?> job) {
        jobs.add(job);
    }

    /**
     * Whether the walk takes its results from the plan ({@link #next()}) rather than running each job where it
     * stands. Callers branch on it instead of passing a lambda that makes the job: a capturing lambda per value
     * costs the C1-compiled launcher a native allocation through a method handle.
     */
    boolean fromPlan() {
        return planned;
    }

    /**
     * The result of the walk's next planned job, computed on the helper threads (a failure of the job is thrown
     * here). A result not ready yet is computed here, with the chunks nobody has started, or waited for.
     */
    @SuppressWarnings("unchecked")
    <T> T next() {
        if (next >= results.length) {
            throw new IllegalStateException("the walk asked for more values than it planned");
        }
        int c = next / chunk;
        for (int spins = 0; done.get(c) == 0; spins++) {
            if (!runChunk()) {
                if (crashed != null) {
                    throw new IllegalStateException("a value thread failed", crashed);
                }
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
        Object r = results[next];
        results[next++] = null;
        if (r instanceof Failure f) {
            throw f.error;
        }
        return (T) r;
    }

    /** Starts the planned jobs on the helper threads; the walk that follows takes their results as they come. */
    void compute() {
        compute(() -> { });
    }

    /**
     * Starts the planned jobs and, on a helper thread before it joins in (on this thread with one core),
     * {@code alongside}: work that needs no job's result, such as hashing the plaintexts for the MAC. The
     * helpers write each chunk's results, then mark it done; the taking walk reads a result only after its
     * chunk is marked, so the output does not depend on which thread ran what.
     */
    void compute(Runnable alongside) {
        results = new Object[jobs.size()];
        // Small chunks keep both cores busy to the last value; a small file still splits (tests).
        chunk = Math.max(1, Math.min(MAX_CHUNK, results.length / (THREADS * 8)));
        done = new AtomicIntegerArray((results.length + chunk - 1) / chunk);
        this.alongside = alongside;
        if (THREADS == 1) {
            return;
        }
        ExecutorService pool = helpers();
        for (int t = 1; t < THREADS; t++) {
            int slot = t - 1;
            running.add(pool.submit(() -> {
                if (!started.compareAndSet(slot, 0, 1)) {
                    return; // the walk finished without this helper
                }
                try {
                    runAlongside();
                    while (!cancelled && runChunk()) {
                        // next chunk
                    }
                } catch (Throwable e) {
                    crashed = e;
                    throw e;
                }
            }));
        }
    }

    private void runAlongside() {
        if (alongsideClaimed.compareAndSet(false, true)) {
            alongside.run();
        }
    }

    /** Claims and computes the next chunk nobody has started; false when none is left. */
    private boolean runChunk() {
        int start = cursor.getAndAdd(chunk);
        if (start >= results.length) {
            return false;
        }
        for (int i = start, end = Math.min(start + chunk, results.length); i < end; i++) {
            Object r;
            try {
                r = jobs.get(i).get();
            } catch (RuntimeException e) {
                r = new Failure(e);
            }
            results[i] = r;
        }
        done.set(start / chunk, 1);
        return true;
    }

    /** Checks that the second walk took every planned result, and waits for the helpers (and their side work). */
    void done() {
        if (!planned) {
            return;
        }
        if (results == null || next != results.length) {
            throw new IllegalStateException("the walk took " + next + " of " + jobs.size() + " planned values");
        }
        // Every result is taken: a helper still queued behind other work (a server's other requests) is not
        // waited for; side work nobody started runs here.
        cancelled = true;
        runAlongside();
        for (int t = 0; t < running.size(); t++) {
            if (started.compareAndSet(t, 0, 1)) {
                continue; // never started: it returns at once when the pool gets to it
            }
            try {
                running.get(t).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while encrypting values", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        running.clear();
        jobs.clear();
    }

    /** After a failure: the helpers stop at their next chunk. */
    void cancel() {
        cancelled = true;
    }

    private static synchronized ExecutorService helpers() {
        if (helpers == null) {
            helpers = Executors.newFixedThreadPool(THREADS - 1, r -> {
                Thread t = new Thread(r, "sops4j-values");
                t.setDaemon(true);
                return t;
            });
        }
        return helpers;
    }

    /**
     * Scalars and comments in the branches, a long string counting one more per KiB, up to {@code limit} (enough
     * to choose between the two walks: a 20 MB value is worth planning, its MAC is hashed alongside).
     */
    static int leaves(List<Mapping> branches, int limit) {
        int n = 0;
        for (Mapping m : branches) {
            n += leaves(m, limit - n);
            if (n >= limit) {
                break;
            }
        }
        return n;
    }

    private static int leaves(Object node, int limit) {
        int n = 0;
        if (node instanceof Mapping m) {
            for (MapEntry e : m.entries()) {
                n += e instanceof Pair p ? leaves(p.value(), limit - n) : 1;
                if (n >= limit) {
                    return n;
                }
            }
            return n;
        }
        if (node instanceof Sequence s) {
            for (Element e : s.items()) {
                n += leaves(e, limit - n);
                if (n >= limit) {
                    return n;
                }
            }
            return n;
        }
        if (node instanceof StrValue s) {
            return 1 + s.value().length() / 1024;
        }
        return node instanceof BytesValue b ? 1 + b.length() / 1024 : 1;
    }

    private record Failure(RuntimeException error) {
    }
}
