package dev.sops4j.core.publish;

import dev.sops4j.core.error.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registered publishers, keyed by destination type; built once in a composition root. */
public final class Publishers {
    private final Map<Class<?>, Publisher<?>> publishers;

    private Publishers(Map<Class<?>, Publisher<?>> publishers) {
        this.publishers = Map.copyOf(publishers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean wantsPlaintext(Destination d) {
        return publisher(d).wantsPlaintext();
    }

    public String describe(Destination d, String fileName) {
        return doDescribe(publisher(d), d, fileName);
    }

    private static <D extends Destination> String doDescribe(Publisher<D> p, Destination d, String fileName) {
        return p.describe(p.destinationType().cast(d), fileName);
    }

    public void publish(Destination d, Publication p) {
        doPublish(publisher(d), d, p);
    }

    private Publisher<?> publisher(Destination d) {
        Publisher<?> p = publishers.get(d.getClass());
        if (p == null) {
            throw new UsageException("publishing to " + d.path("") + " is not supported by this build");
        }
        return p;
    }

    private static <D extends Destination> void doPublish(Publisher<D> p, Destination d, Publication pub) {
        p.publish(p.destinationType().cast(d), pub);
    }

    public static final class Builder {
        private final Map<Class<?>, Publisher<?>> publishers = new LinkedHashMap<>();

        public <D extends Destination> Builder add(Publisher<D> p) {
            if (publishers.putIfAbsent(p.destinationType(), p) != null) {
                throw new IllegalArgumentException("two publishers for " + p.destinationType().getSimpleName());
            }
            return this;
        }

        public Publishers build() {
            return new Publishers(publishers);
        }
    }
}
