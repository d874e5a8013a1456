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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The value crypto of one tree walk. {@link #direct()}: every job runs where the walk asks for it (one walk, one
 * thread). {@link #planned()}: a first walk only {@linkplain #add adds} the jobs, in document order, with
 * whatever depends on order (IVs) already chosen; {@link #compute()} runs them on every core; a second walk
 * {@linkplain #take takes} their results in the same order, so the MAC, the IV stash and the first error are
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
    private Object[] results;
    private int next;

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
     * The result of the walk's next job: run now ({@code direct}, from {@code job}) or computed in advance (then
     * {@code job} is not called, and a failure of the job is thrown here).
     */
    @SuppressWarnings("unchecked")
    <T> T take(Supplier<? extends Supplier<T>> job) {
        if (!planned) {
            return job.get().get();
        }
        if (next >= results.length) {
            throw new IllegalStateException("the walk asked for more values than it planned");
        }
        Object r = results[next];
        results[next++] = null;
        if (r instanceof Failure f) {
            throw f.error;
        }
        return (T) r;
    }

    /** Runs the planned jobs: the calling thread and the helper threads take chunks in turn. */
    void compute() {
        compute(() -> { });
    }

    /**
     * Runs the planned jobs and, on a helper thread before it joins in (on this thread with one core),
     * {@code alongside}: work that needs no job's result, such as hashing the plaintexts for the MAC.
     */
    void compute(Runnable alongside) {
        Object[] out = new Object[jobs.size()];
        // Small chunks at the end keep both cores busy to the last value; a small file still splits (tests).
        int chunk = Math.max(1, Math.min(MAX_CHUNK, out.length / (THREADS * 8)));
        AtomicInteger cursor = new AtomicInteger();
        Runnable work = () -> {
            for (int start; (start = cursor.getAndAdd(chunk)) < out.length; ) {
                for (int i = start, end = Math.min(start + chunk, out.length); i < end; i++) {
                    try {
                        out[i] = jobs.get(i).get();
                    } catch (RuntimeException e) {
                        out[i] = new Failure(e);
                    }
                }
            }
        };
        List<Future<?>> running = new ArrayList<>();
        if (THREADS > 1) {
            ExecutorService pool = helpers();
            running.add(pool.submit(() -> {
                alongside.run();
                work.run();
            }));
            for (int t = 2; t < THREADS && out.length > chunk; t++) {
                running.add(pool.submit(work));
            }
        } else {
            alongside.run();
        }
        work.run();
        for (Future<?> f : running) {
            try {
                f.get();
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
        // Future.get orders the helpers' writes to out before this read.
        jobs.clear();
        results = out;
    }

    /** Checks that the second walk took every planned result. */
    void done() {
        if (planned && (results == null || next != results.length)) {
            throw new IllegalStateException("the walk took " + next + " of " + jobs.size() + " planned values");
        }
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
        return node instanceof BytesValue b ? 1 + b.value().length / 1024 : 1;
    }

    private record Failure(RuntimeException error) {
    }
}
