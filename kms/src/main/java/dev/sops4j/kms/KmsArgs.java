package dev.sops4j.kms;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KmsKeyRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of the KMS command-line forms sops accepts: {@code --encryption-context k:v,k2:v2} and
 * {@code --kms arn[+roleArn],...} (also {@code SOPS_KMS_ARN} and the {@code kms:} string of {@code .sops.yaml}).
 * Touches no AWS class, so the CLI can call it at startup.
 */
public final class KmsArgs {
    // sops only recognises "+arn:aws:iam::"; other partitions (aws-cn, aws-us-gov) are accepted here as well.
    private static final Pattern ROLE_SPLIT = Pattern.compile("\\+(?=arn:aws[\\w-]*:iam::)");

    private KmsArgs() {
    }

    /**
     * Parses {@code k:v,k2:v2} in order. Empty input means no context. Like sops, keys and values are not trimmed
     * and every pair must hold exactly one colon; a later duplicate key wins.
     *
     * @throws UsageException with exit code 6 when a pair is malformed
     */
    public static Map<String, String> parseContext(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split(",", -1)) {
            String[] kv = pair.split(":", -1);
            if (kv.length != 2) {
                throw new UsageException(ExitCode.INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT,
                        "Invalid KMS encryption context format", null);
            }
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    /**
     * Parses a comma-separated list of {@code arn} or {@code arn+roleArn}. Spaces are removed as sops does; empty
     * entries are skipped. Every key gets the same {@code context} and {@code awsProfile}; {@code created_at} is
     * left empty and set when the key first wraps a data key.
     */
    public static List<KmsKeyRef> parseKeys(String text, Map<String, String> context, String awsProfile) {
        List<KmsKeyRef> keys = new ArrayList<>();
        if (text == null) {
            return keys;
        }
        for (String entry : text.replace(" ", "").split(",")) {
            if (entry.isEmpty()) {
                continue;
            }
            Matcher m = ROLE_SPLIT.matcher(entry);
            if (m.find() && m.start() > 0) {
                keys.add(new KmsKeyRef(entry.substring(0, m.start()), entry.substring(m.end()), context,
                        awsProfile, "", ""));
            } else {
                keys.add(new KmsKeyRef(entry, "", context, awsProfile, "", ""));
            }
        }
        return keys;
    }
}
