package dev.sops4j.kms;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * AWS KMS master keys (the {@code kms} entries of sops metadata): KMS Encrypt/Decrypt of the data key with the key's
 * encryption context, in the region named by the ARN, optionally through an assumed {@code role} or a named
 * {@code aws_profile}. Credentials, profiles and endpoint overrides ({@code AWS_ENDPOINT_URL_KMS},
 * {@code AWS_ENDPOINT_URL}) come from the given {@link Environment}, never from the process.
 *
 * <p>Thread-safe. The AWS SDK is loaded when the first KMS key is used, not before. Unwrapped data keys are kept
 * until {@link #close()} so one process never sends KMS the same (arn, context, ciphertext) twice.
 */
public final class KmsKeySource implements KeySource<KmsKeyRef>, AutoCloseable {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final Options options;
    private final Function<Options, KmsTransport> transportFactory;
    private final UnwrapCache cache = new UnwrapCache();
    private final Object transportLock = new Object();
    private volatile KmsTransport transport;

    /** KMS keys with credentials and endpoints taken from {@code env}. */
    public KmsKeySource(Environment env) {
        this(builder(env).options(), KmsKeySource::sdkTransport);
    }

    KmsKeySource(Options options, Function<Options, KmsTransport> transportFactory) {
        this.options = Objects.requireNonNull(options, "options");
        this.transportFactory = Objects.requireNonNull(transportFactory, "transportFactory");
    }

    /** For callers that need to control time, the host name in STS session names or retry pacing (tests, CI). */
    public static Builder builder(Environment env) {
        return new Builder(env);
    }

    @Override
    public Class<KmsKeyRef> refType() {
        return KmsKeyRef.class;
    }

    @Override
    public KmsKeyRef wrap(KmsKeyRef ref, SecretBytes secret) {
        byte[] plain = secret.copy();
        byte[] blob;
        try {
            blob = call("encrypt", ref, t -> t.encrypt(ref, plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        String createdAt = ref.createdAt().isEmpty()
                ? RFC3339.format(options.clock().instant().truncatedTo(ChronoUnit.SECONDS))
                : ref.createdAt();
        KmsKeyRef wrapped = new KmsKeyRef(ref.arn(), ref.role(), ref.context(), ref.awsProfile(), createdAt,
                Base64.getEncoder().encodeToString(blob));
        cache.put(UnwrapCache.Key.of(wrapped), secret);
        return wrapped;
    }

    @Override
    public SecretBytes unwrap(KmsKeyRef ref) {
        if (ref.enc().isEmpty()) {
            throw new KeySourceException(prefix("decrypt", ref) + "no encrypted data key in the file");
        }
        byte[] blob = decodeEnc(ref);
        return cache.get(UnwrapCache.Key.of(ref), () -> call("decrypt", ref, t -> t.decrypt(ref, blob)));
    }

    private static byte[] decodeEnc(KmsKeyRef ref) {
        try {
            return Base64.getDecoder().decode(ref.enc());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("decrypt", ref) + "enc is not valid base64");
        }
    }

    /**
     * The only reference to the SDK-backed transport. A method body (not a constructor reference) so that linking
     * {@code KmsKeySource} neither loads nor verifies {@link SdkKmsTransport}, which would pull in AWS classes.
     */
    private static KmsTransport sdkTransport(Options options) {
        return new SdkKmsTransport(options);
    }

    /** Wipes every cached data key and closes the AWS clients. */
    @Override
    public void close() {
        cache.close();
        synchronized (transportLock) {
            if (transport != null) {
                transport.close();
                transport = null;
            }
        }
    }

    /** How many distinct data keys are cached (for tests and diagnostics). */
    int cachedKeys() {
        return cache.size();
    }

    private byte[] call(String op, KmsKeyRef ref, Function<KmsTransport, byte[]> body) {
        try {
            return body.apply(transport());
        } catch (KmsTransport.CallFailure e) {
            throw new KeySourceException(prefix(op, ref) + e.getMessage(), e.getCause());
        }
    }

    private static String prefix(String op, KmsKeyRef ref) {
        return "failed to " + op + " data key with AWS KMS key " + KmsArn.oneLine(ref.describe()) + ": ";
    }

    private KmsTransport transport() {
        KmsTransport t = transport;
        if (t == null) {
            synchronized (transportLock) {
                t = transport;
                if (t == null) {
                    t = transportFactory.apply(options);
                    transport = t;
                }
            }
        }
        return t;
    }

    /** Settings beyond the environment; all plain JDK types so building them loads no AWS class. */
    record Options(Environment env, Clock clock, Supplier<String> hostname, Duration retryBaseDelay,
            boolean hostCredentials) {
    }

    /** Builds a {@link KmsKeySource}; defaults suit a CLI process. */
    public static final class Builder {
        private final Environment env;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> hostname = Hostname::local;
        private Duration retryBaseDelay;
        private boolean hostCredentials = true;

        private Builder(Environment env) {
            this.env = Objects.requireNonNull(env, "env");
        }

        /** Clock for {@code created_at}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Host name used in the {@code sops@<hostname>} STS session name. */
        public Builder hostname(Supplier<String> hostname) {
            this.hostname = Objects.requireNonNull(hostname, "hostname");
            return this;
        }

        /** Base delay of the SDK's exponential retry backoff (default: the SDK's own). */
        public Builder retryBaseDelay(Duration delay) {
            this.retryBaseDelay = delay;
            return this;
        }

        /**
         * Whether the default credential chain may end with container (ECS) and instance (IMDS) credentials.
         * Off for hermetic tests, where probing 169.254.169.254 would only add delay.
         */
        public Builder hostCredentials(boolean enabled) {
            this.hostCredentials = enabled;
            return this;
        }

        Options options() {
            return new Options(env, clock, hostname, retryBaseDelay, hostCredentials);
        }

        public KmsKeySource build() {
            return new KmsKeySource(options(), KmsKeySource::sdkTransport);
        }
    }
}
