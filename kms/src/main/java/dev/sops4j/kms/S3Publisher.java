package dev.sops4j.kms;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.OutputException;
import dev.sops4j.core.publish.Publication;
import dev.sops4j.core.publish.Publisher;
import dev.sops4j.core.publish.S3Destination;
import java.util.Objects;

/**
 * {@code publish} to Amazon S3, as sops does: the encrypted file becomes object {@code <s3_prefix><file name>} of
 * {@code s3_bucket} ({@code PutObject}). Credentials, region and endpoint ({@code AWS_ENDPOINT_URL_S3}) as for KMS
 * keys; the AWS SDK loads on the first upload.
 */
public final class S3Publisher implements Publisher<S3Destination> {
    private final Environment env;
    private volatile S3Upload upload;

    public S3Publisher(Environment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Class<S3Destination> destinationType() {
        return S3Destination.class;
    }

    @Override
    public boolean wantsPlaintext() {
        return false;
    }

    @Override
    public void publish(S3Destination d, Publication p) {
        try {
            upload().put(d.bucket(), d.prefix() + p.fileName(), p.encryptedFile());
        } catch (KmsTransport.CallFailure e) {
            throw new OutputException(ExitCode.GENERIC, "failed to publish " + p.fileName() + " to "
                    + d.path(p.fileName()) + ": " + e.getMessage(), null);
        }
    }

    /** One upload channel; {@link SdkS3Upload} is the only implementation. */
    interface S3Upload {
        void put(String bucket, String key, byte[] body);
    }

    private S3Upload upload() {
        S3Upload u = upload;
        if (u == null) {
            synchronized (this) {
                u = upload;
                if (u == null) {
                    u = sdk(env);
                    upload = u;
                }
            }
        }
        return u;
    }

    /** A method body, so that linking this class does not load the AWS SDK. */
    private static S3Upload sdk(Environment env) {
        return new SdkS3Upload(env);
    }
}
