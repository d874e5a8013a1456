package dev.sops4j.core.keys;

import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.secret.SecretBytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registered key sources, keyed by reference type. Built once in a composition root
 * ({@code Sops4j.builder().keySource(...)}); there is no global registry.
 */
public final class KeySources {
    private final Map<Class<?>, KeySource<?>> sources;

    private KeySources(Map<Class<?>, KeySource<?>> sources) {
        this.sources = Map.copyOf(sources);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean supports(KeyRef ref) {
        return sources.containsKey(ref.getClass());
    }

    public KeyRef wrap(KeyRef ref, SecretBytes secret) {
        return doWrap(source(ref), ref, secret);
    }

    public SecretBytes unwrap(KeyRef ref) {
        return doUnwrap(source(ref), ref);
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

        public KeySources build() {
            return new KeySources(sources);
        }
    }
}
