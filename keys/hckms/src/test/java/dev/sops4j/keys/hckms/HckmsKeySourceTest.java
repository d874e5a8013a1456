package dev.sops4j.keys.hckms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.HckmsKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.keys.hckms.fake.FakeHckms;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HckmsKeySourceTest {
    static final String PROJECT = "0a1b2c3d4e5f67890a1b2c3d4e5f6789";
    static final String AK = "HPUAEXAMPLEAK0000001";
    static final String SK = "exampleSecretKey0123456789abcdefghijklmn";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:11:12Z"), ZoneOffset.UTC);
    static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DATA_KEY[i] = (byte) (i + 100);
        }
    }

    @TempDir
    Path dir;
    FakeHckms kms;
    String keyId;

    @BeforeEach
    void start() throws Exception {
        kms = FakeHckms.start(PROJECT).credentials(AK, SK);
        keyId = kms.createKey();
    }

    @AfterEach
    void stop() {
        kms.close();
    }

    private HckmsKeySource source(String ak, String sk) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("HUAWEICLOUD_SDK_AK", ak);
        vars.put("HUAWEICLOUD_SDK_SK", sk);
        vars.put("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT);
        vars.put("SOPS4J_HCKMS_ENDPOINT", kms.endpoint());
        return new HckmsKeySource(new Environment(vars, dir, dir), CLOCK);
    }

    @Test
    void roundTripSignedWithAkSk() {
        HckmsKeySource s = source(AK, SK);
        HckmsKeyRef wrapped = s.wrap(new HckmsKeyRef("tr-west-1:" + keyId, "", ""), SecretBytes.copyOf(DATA_KEY));
        assertEquals("2026-12-04T10:11:12Z", wrapped.createdAt());
        assertEquals("tr-west-1:" + keyId, wrapped.keyId());
        assertFalse(wrapped.enc().isEmpty());
        assertArrayEquals(DATA_KEY, s.unwrap(wrapped).copy());
        assertTrue(kms.authorizations().get(0).matches("SDK-HMAC-SHA256 Access=" + AK
                + ", SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}"),
                kms.authorizations().get(0));
    }

    @Test
    void wrongSecretUnknownKeyForeignCiphertextServiceError() {
        HckmsKeySource s = source(AK, SK);
        HckmsKeyRef wrapped = s.wrap(new HckmsKeyRef("tr-west-1:" + keyId, "", ""), SecretBytes.copyOf(DATA_KEY));
        KeySourceException bad = assertThrows(KeySourceException.class, () -> source(AK, "wrong-secret").unwrap(wrapped));
        assertEquals("failed to decrypt data key with HuaweiCloud KMS key tr-west-1:" + keyId + ": APIGW.0301 (HTTP "
                + "401): Incorrect IAM authentication information: verify aksk signature fail", bad.getMessage());
        assertFalse(bad.getMessage().contains("wrong-secret"));
        assertEquals("failed to encrypt data key with HuaweiCloud KMS key tr-west-1:nope: KMS.0207 (HTTP 404): "
                + "The key does not exist.", assertThrows(KeySourceException.class,
                        () -> s.wrap(new HckmsKeyRef("tr-west-1:nope", "", ""), SecretBytes.copyOf(DATA_KEY)))
                .getMessage());
        String other = kms.createKey();
        assertTrue(assertThrows(KeySourceException.class,
                () -> s.unwrap(new HckmsKeyRef("tr-west-1:" + other, "", wrapped.enc()))).getMessage()
                .endsWith(": KMS.0209 (HTTP 400): Invalid cipher_text."));
        kms.failing(true);
        assertTrue(assertThrows(KeySourceException.class, () -> s.unwrap(wrapped)).getMessage()
                .endsWith(": KMS.0001 (HTTP 500): System error."));
        assertEquals("failed to decrypt data key with HuaweiCloud KMS key tr-west-1:" + keyId
                        + ": no HuaweiCloud credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK",
                assertThrows(KeySourceException.class, () -> new HckmsKeySource(
                        new Environment(Map.of(), dir, dir), CLOCK).unwrap(wrapped)).getMessage());
    }

    @Test
    void canonicalRequestLayout() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Sdk-Date", "20261204T101112Z");
        h.put("Content-Type", "application/json");
        h.put("Host", "kms.tr-west-1.myhuaweicloud.com");
        String cr = AkSkSigner.canonicalRequest("POST",
                URI.create("https://kms.tr-west-1.myhuaweicloud.com/v1.0/p/kms/encrypt-data?b=2&a=x%20y"), h,
                "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("POST\n/v1.0/p/kms/encrypt-data/\na=x%20y&b=2\ncontent-type:application/json\n"
                + "host:kms.tr-west-1.myhuaweicloud.com\nx-sdk-date:20261204T101112Z\n\n"
                + "content-type;host;x-sdk-date\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", cr);
    }
}
