package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.KeySourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Region from the ARN (sops' regex) and the STS session name. */
class KmsNamesTest {
    @ParameterizedTest
    @CsvSource({
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, us-east-1",
        "arn:aws:kms:eu-central-1:111122223333:alias/prod, eu-central-1",
        "arn:aws-cn:kms:cn-north-1:111122223333:key/k, cn-north-1",
        "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k, us-gov-west-1"})
    void regionFromArn(String arn, String region) {
        assertEquals(region, KmsArn.region(arn));
    }

    @Test
    void nonKmsArnIsRejected() {
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> KmsArn.region("arn:aws:s3:::bucket"));
        assertEquals("no valid AWS KMS key ARN found in 'arn:aws:s3:::bucket'", e.getMessage());
    }

    @Test
    void sessionNameDropsCharactersStsRejects() {
        assertEquals("sops@build-host-7", StsSessionName.forHost("build-host-7"));
        assertEquals("sops@runnerabc.example.com", StsSessionName.forHost("runner (abc)#.example.com"));
        assertEquals("sops@a_b+c=d,e", StsSessionName.forHost("a_b+c=d,e"));
    }

    @Test
    void sessionNameIsCutTo64() {
        String name = StsSessionName.forHost("h".repeat(100));
        assertEquals(64, name.length());
        assertEquals("sops@" + "h".repeat(59), name);
    }
}
