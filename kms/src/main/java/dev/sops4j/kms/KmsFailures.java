package dev.sops4j.kms;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an SDK failure into the one-line cause users see: the KMS/STS error code and message, or the I/O cause. */
final class KmsFailures {
    static final String WRONG_CONTEXT = "InvalidCiphertextException (wrong encryption context, or the data key "
            + "was not encrypted under this key)";

    private static final String NO_PROFILE = "Profile file contained no credentials for profile ";

    private KmsFailures() {
    }

    static String describe(SdkException e, String endpoint, int maxAttempts) {
        AwsServiceException service = find(e, AwsServiceException.class);
        if (service != null) {
            return service(service, maxAttempts);
        }
        int attempts = e.numAttempts() == null ? maxAttempts : e.numAttempts();
        if (find(e, ConnectException.class) != null) {
            return "cannot connect to " + endpoint + ": " + oneLine(find(e, ConnectException.class).getMessage())
                    + after(attempts);
        }
        if (find(e, UnknownHostException.class) != null) {
            return "cannot resolve host " + oneLine(find(e, UnknownHostException.class).getMessage()) + after(attempts);
        }
        if (find(e, SocketTimeoutException.class) != null) {
            return "timed out talking to " + endpoint + after(attempts);
        }
        String msg = oneLine(e.getMessage());
        if (msg.startsWith(NO_PROFILE)) {
            // The SDK appends its whole parsed ProfileFile (every section name) to this message: drop it.
            int end = msg.indexOf(": ProfileFile(");
            return "AWS profile " + msg.substring(NO_PROFILE.length(), end < 0 ? msg.length() : end)
                    + " not found or has no credentials (in AWS_CONFIG_FILE or ~/.aws/config, "
                    + "AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)";
        }
        if (msg.startsWith("Unable to load credentials")) {
            return "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, "
                    + "or AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN)";
        }
        return msg;
    }

    private static String service(AwsServiceException e, int maxAttempts) {
        AwsErrorDetails d = e.awsErrorDetails();
        String code = d == null || d.errorCode() == null ? "HTTP " + e.statusCode() : d.errorCode();
        String message = d == null || d.errorMessage() == null ? "" : oneLine(d.errorMessage());
        if ("InvalidCiphertextException".equals(code)) {
            return WRONG_CONTEXT;
        }
        String sts = d != null && "Sts".equalsIgnoreCase(d.serviceName()) ? "STS " : "";
        String text = sts + code + (message.isEmpty() ? "" : ": " + message);
        if (e.isThrottlingException()) {
            int attempts = e.numAttempts() == null ? maxAttempts : e.numAttempts();
            return text + after(attempts);
        }
        return text;
    }

    private static String after(int attempts) {
        return attempts > 1 ? " (after " + attempts + " attempts)" : "";
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
