package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.KmsKeyRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KmsArgsTest {
    static final String KEY1 = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String KEY2 = "arn:aws:kms:eu-west-1:111122223333:alias/prod";
    static final String ROLE = "arn:aws:iam::111122223333:role/deployer";

    @Test
    void contextKeepsOrderAndDoesNotTrim() {
        Map<String, String> ctx = KmsArgs.parseContext("team:pay,env:prod, x:y,empty:");
        assertEquals(List.of("team", "env", " x", "empty"), List.copyOf(ctx.keySet()));
        assertEquals("", ctx.get("empty"));
        assertEquals("y", ctx.get(" x"));
    }

    @Test
    void emptyContextIsNoContext() {
        assertEquals(Map.of(), KmsArgs.parseContext(""));
        assertEquals(Map.of(), KmsArgs.parseContext(null));
    }

    @Test
    void laterDuplicateWins() {
        assertEquals(Map.of("a", "2"), KmsArgs.parseContext("a:1,a:2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"novalue", "a:b:c", "a:b,", ",a:b", "a:b,,c:d", "url:https://x"})
    void malformedContextExitsSix(String text) {
        UsageException e = assertThrows(UsageException.class, () -> KmsArgs.parseContext(text));
        assertEquals("Invalid KMS encryption context format", e.getMessage());
        assertEquals(ExitCode.INVALID_KMS_ENCRYPTION_CONTEXT_FORMAT, e.exitCode());
        assertEquals(6, e.exitCode().code());
    }

    @Test
    void keysWithAndWithoutRole() {
        List<KmsKeyRef> keys = KmsArgs.parseKeys(KEY1 + "+" + ROLE + ", " + KEY2, Map.of("a", "b"), "ops");
        assertEquals(List.of(
                new KmsKeyRef(KEY1, ROLE, Map.of("a", "b"), "ops", "", ""),
                new KmsKeyRef(KEY2, "", Map.of("a", "b"), "ops", "", "")), keys);
    }

    @Test
    void otherPartitionsRolesAreSplitToo() {
        String cn = "arn:aws-cn:kms:cn-north-1:111122223333:key/k";
        String cnRole = "arn:aws-cn:iam::111122223333:role/r";
        assertEquals(List.of(new KmsKeyRef(cn, cnRole, Map.of(), "", "", "")),
                KmsArgs.parseKeys(cn + "+" + cnRole, Map.of(), ""));
    }

    @Test
    void emptyAndBlankEntriesAreSkipped() {
        assertEquals(List.of(), KmsArgs.parseKeys("", Map.of(), ""));
        assertEquals(List.of(), KmsArgs.parseKeys(null, Map.of(), ""));
        assertEquals(1, KmsArgs.parseKeys(KEY1 + ",, ", Map.of(), "").size());
    }

    @Test
    void describeShowsTheCliForm() {
        assertEquals(KEY1 + "+" + ROLE, KmsArgs.parseKeys(KEY1 + "+" + ROLE, Map.of(), "").get(0).describe());
    }
}
