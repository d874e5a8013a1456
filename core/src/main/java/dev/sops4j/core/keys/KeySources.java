package dev.sops4j.core.keys;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.secret.SecretBytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registered key sources, keyed by reference type, then the remote {@link KeyService}s in order. Built once in a
 * composition root ({@code Sops4j.builder().keySource(...)}); there is no global registry. As in sops, the local
 * sources come first (unless disabled), then each key service; the first that succeeds wins.
 */
public final class KeySources {
    private final Map<Class<?>, KeySource<?>> sources;
    private final boolean local;
    private final List<KeyService> services;

    private KeySources(Map<Class<?>, KeySource<?>> sources, boolean local, List<KeyService> services) {
        this.sources = Map.copyOf(sources);
        this.local = local;
        this.services = List.copyOf(services);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean supports(KeyRef ref) {
        return !services.isEmpty() || sources.containsKey(ref.getClass());
    }

    public KeyRef wrap(KeyRef ref, SecretBytes secret) {
        return firstSuccess(ref, () -> doWrap(source(ref), ref, secret), k -> k.wrap(ref, secret));
    }

    public SecretBytes unwrap(KeyRef ref) {
        return firstSuccess(ref, () -> doUnwrap(source(ref), ref), k -> k.unwrap(ref));
    }

    /** Local first (when enabled), then every key service in order; all errors joined when none succeeds. */
    private <T> T firstSuccess(KeyRef ref, Supplier<T> viaLocal, Function<KeyService, T> viaService) {
        if (services.isEmpty()) {
            if (!local) {
                throw new KeySourceException("no key service to use for " + ref.type() + " key " + ref.describe()
                        + ": the local one is disabled and no --keyservice is given");
            }
            return viaLocal.get();
        }
        List<RuntimeException> errors = new ArrayList<>();
        if (local) {
            try {
                return viaLocal.get();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (KeyService service : services) {
            try {
                return viaService.apply(service);
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        if (errors.size() == 1) {
            throw errors.get(0);
        }
        StringBuilder joined = new StringBuilder();
        for (RuntimeException e : errors) {
            joined.append(joined.length() == 0 ? "" : "; ").append(e.getMessage());
        }
        RuntimeException last = errors.get(errors.size() - 1);
        KeySourceException all = last instanceof dev.sops4j.core.error.SopsException s
                && s.exitCode() != dev.sops4j.core.error.ExitCode.COULD_NOT_RETRIEVE_KEY
                ? new KeySourceException(s.exitCode(), joined.toString(), null)
                : new KeySourceException(errors.get(0) instanceof KeySourceException k ? k.kind()
                        : KeySourceException.Kind.OTHER, joined.toString());
        errors.forEach(all::addSuppressed);
        throw all;
    }

    private KeySource<?> source(KeyRef ref) {
        KeySource<?> s = sources.get(ref.getClass());
        if (s == null) {
            throw new KeySourceException("no key source for " + ref.type() + " key " + ref.describe()
                    + " in this build");
        }
        return s;
    }

    private static <R extends KeyRef> R doWrap(KeySource<R> s, KeyRef ref, SecretBytes secret) {
        return s.wrap(s.refType().cast(ref), secret);
    }

    private static <R extends KeyRef> SecretBytes doUnwrap(KeySource<R> s, KeyRef ref) {
        return s.unwrap(s.refType().cast(ref));
    }

    public static final class Builder {
        private final Map<Class<?>, KeySource<?>> sources = new LinkedHashMap<>();

        public <R extends KeyRef> Builder add(KeySource<R> source) {
            if (sources.putIfAbsent(source.refType(), source) != null) {
                throw new IllegalArgumentException("two key sources for " + source.refType().getSimpleName());
            }
            return this;
        }

        private final List<KeyService> services = new ArrayList<>();
        private boolean local = true;

        /** Adds a remote key service, consulted after the local sources and the services added before it. */
        public Builder keyService(KeyService service) {
            services.add(java.util.Objects.requireNonNull(service, "service"));
            return this;
        }

        /** {@code false} skips the local sources (sops' {@code --enable-local-keyservice=false}). */
        public Builder localKeySources(boolean enabled) {
            this.local = enabled;
            return this;
        }

        public KeySources build() {
            return new KeySources(sources, local, services);
        }
    }
}
