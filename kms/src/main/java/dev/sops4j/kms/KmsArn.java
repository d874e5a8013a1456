package dev.sops4j.kms;

import dev.sops4j.core.error.KeySourceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a KMS key or alias ARN sops4j needs: the region the request must go to. */
final class KmsArn {
    // sops' pattern: any aws partition (aws, aws-cn, aws-us-gov, ...), key or alias resources.
    private static final Pattern ARN = Pattern.compile("^arn:aws[\\w-]*:kms:(.+):[0-9]+:(key|alias)/.+$");

    private KmsArn() {
    }

    /** The region named in {@code arn}; a KeySourceException when it is not a KMS key or alias ARN. */
    static String region(String arn) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new KeySourceException("no valid AWS KMS key ARN found in '" + oneLine(arn) + "'");
        }
        return m.group(1);
    }

    static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ");
    }
}
