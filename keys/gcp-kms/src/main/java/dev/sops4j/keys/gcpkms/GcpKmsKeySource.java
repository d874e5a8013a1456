package dev.sops4j.keys.gcpkms;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.GcpKmsKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.KeyTimes;
import dev.sops4j.core.keys.Lazy;
import dev.sops4j.core.secret.SecretBytes;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Google Cloud KMS keys, the {@code gcp_kms} entries of sops metadata: the data key is encrypted with the crypto
 * key named by {@code resource_id} and stored as standard base64 of the ciphertext. Credentials
 * ({@code GOOGLE_OAUTH_ACCESS_TOKEN}, then {@link GoogleAuthTokens}) and the endpoint ({@link GcpKmsSettings}) come
 * from the given {@link Environment}; nothing of google-auth loads until a gcp_kms key is used.
 */
public final class GcpKmsKeySource implements KeySource<GcpKmsKeyRef> {
    private static final Pattern RESOURCE_ID =
            Pattern.compile("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$");

    private final Environment env;
    private final Clock clock;
    private final Lazy<CloudKmsRest> client;

    public GcpKmsKeySource(Environment env) {
        this(env, Clock.systemUTC());
    }

    public GcpKmsKeySource(Environment env, Clock clock) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = Lazy.of(() -> new CloudKmsRest(GcpKmsSettings.from(env).endpoint(), tokens(env)));
    }

    @Override
    public Class<GcpKmsKeyRef> refType() {
        return GcpKmsKeyRef.class;
    }

    @Override
    public GcpKmsKeyRef wrap(GcpKmsKeyRef ref, SecretBytes secret) {
        String ciphertext = call("encrypt", ref, "plaintext", secret.encode(Base64.getEncoder()), "ciphertext");
        return ref.created(KeyTimes.createdNow(clock)).withEnc(ciphertext);
    }

    @Override
    public SecretBytes unwrap(GcpKmsKeyRef ref) {
        if (ref.enc().isEmpty()) {
            throw new KeySourceException(prefix("decrypt", ref) + "no encrypted data key in the file");
        }
        try {
            Base64.getDecoder().decode(ref.enc());
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("decrypt", ref) + "enc is not valid base64");
        }
        String plain = call("decrypt", ref, "ciphertext", ref.enc(), "plaintext");
        try {
            return SecretBytes.wrap(Base64.getDecoder().decode(plain));
        } catch (IllegalArgumentException e) {
            throw new KeySourceException(prefix("decrypt", ref) + "Cloud KMS returned a plaintext that is not base64");
        }
    }

    private String call(String op, GcpKmsKeyRef ref, String field, String value, String answer) {
        if (!RESOURCE_ID.matcher(ref.resourceId()).matches()) {
            throw new KeySourceException(prefix(op, ref) + "no valid resource ID found in '" + ref.resourceId()
                    + "' (expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)");
        }
        try {
            return client.get().call(ref.resourceId(), op, field, value, answer);
        } catch (GcpFailure e) {
            throw new KeySourceException(prefix(op, ref) + e.getMessage());
        }
    }

    private static String prefix(String op, GcpKmsKeyRef ref) {
        return "failed to " + op + " data key with GCP KMS key " + GcpFailure.oneLine(ref.describe()) + ": ";
    }

    /**
     * {@code GOOGLE_OAUTH_ACCESS_TOKEN} as is, else google-auth credentials. A method body, so that linking this
     * class does not load {@link GoogleAuthTokens} and with it google-auth.
     */
    private static AccessTokens tokens(Environment env) {
        var direct = env.get("GOOGLE_OAUTH_ACCESS_TOKEN");
        if (direct.isPresent()) {
            String t = direct.get().strip();
            return () -> t;
        }
        return GoogleAuthTokens.from(env);
    }
}
