package dev.sops4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a failed key is named in the "no key could decrypt" report: once, and long keys shortened. */
class DataKeysMessagesTest {
    private static final String PQ = "age1pq1" + "q".repeat(1900) + "xyz";

    @Test
    void aKeyNamedInItsOwnErrorIsLeftOut() {
        assertEquals("no age identity matches: tried 1 identity from SOPS_AGE_KEY",
                DataKeys.withoutKey("no age identity matches recipient age1abc: tried 1 identity from SOPS_AGE_KEY",
                        "age1abc"));
        assertEquals("failed to decrypt data key with AWS KMS key: DisabledException",
                DataKeys.withoutKey("failed to decrypt data key with AWS KMS key arn:aws:kms:r:1:key/k: DisabledException",
                        "arn:aws:kms:r:1:key/k"));
    }

    @Test
    void aLongKeyIsLeftOutAlsoInTheSourcesOwnShortenedForm() {
        String shortenedBySource = PQ.substring(0, 72) + "...";
        assertEquals("no age identity matches: tried 2 identities",
                DataKeys.withoutKey("no age identity matches recipient " + shortenedBySource + ": tried 2 identities", PQ));
    }

    @Test
    void longKeysAreShortenedShortOnesShownWhole() {
        assertEquals("age1abc", DataKeys.shortened("age1abc"));
        assertEquals(PQ.substring(0, 40) + "..." + PQ.substring(PQ.length() - 12), DataKeys.shortened(PQ));
        String arn = "arn:aws:kms:us-east-1:111122223333:key/da4909a9-3786-4f30-9909-6290ebbffc37";
        assertEquals(arn, DataKeys.shortened(arn));
    }
}
