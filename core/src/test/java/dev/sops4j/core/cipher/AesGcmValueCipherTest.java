package dev.sops4j.core.cipher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.CryptoException;
import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.secret.SecretBytes;
import dev.sops4j.core.tree.BoolValue;
import dev.sops4j.core.tree.BytesValue;
import dev.sops4j.core.tree.FloatValue;
import dev.sops4j.core.tree.IntValue;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import dev.sops4j.core.tree.TimeValue;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AesGcmValueCipherTest {
    // Known answers computed independently with Python's cryptography AESGCM (key 00..1f, IV 64..83).
    private static final String IV_B64 = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
    private static final String KAT_STR = "ENC[AES256_GCM,data:oiS/qyc=,iv:" + IV_B64
            + ",tag:/nJZv+oICGo1fj376wwyOA==,type:str]";
    private static final String KAT_BOOL = "ENC[AES256_GCM,data:njOmog==,iv:" + IV_B64
            + ",tag:T045Yyk1e/ax+aoij4FzrA==,type:bool]";
    private static final String KAT_INT = "ENC[AES256_GCM,data:53Xh,iv:" + IV_B64
            + ",tag:SDduCCe+iVG+OMChtw24jQ==,type:int]";
    private static final String KAT_COMMENT = "ENC[AES256_GCM,data:uSSwtS1q0xYtFisb8qU=,iv:" + IV_B64
            + ",tag:esy2Tj7IZ8aq/vFjs+yWDQ==,type:comment]";

    private static SecretBytes key() {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) i;
        }
        return SecretBytes.wrap(k);
    }

    private static AesGcmValueCipher fixedIvCipher() {
        byte[] iv = new byte[32];
        for (int i = 0; i < 32; i++) {
            iv[i] = (byte) (100 + i);
        }
        return new AesGcmValueCipher(new FixedRandom(iv));
    }

    @Test
    void encryptMatchesKnownAnswers() {
        assertEquals(KAT_STR, fixedIvCipher().encrypt(new StrValue("hello"), key(), "a:b:"));
        assertEquals(KAT_BOOL, fixedIvCipher().encrypt(new BoolValue(true), key(), "flag:"));
        assertEquals(KAT_INT, fixedIvCipher().encrypt(new IntValue(-42), key(), ":"));
        assertEquals(KAT_COMMENT, fixedIvCipher().encryptComment("secret comment", key(), "app:"));
    }

    @Test
    void decryptKnownAnswers() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        assertEquals(new StrValue("hello"), c.decrypt(KAT_STR, key(), "a:b:"));
        assertEquals(new BoolValue(true), c.decrypt(KAT_BOOL, key(), "flag:"));
        assertEquals(new IntValue(-42), c.decrypt(KAT_INT, key(), ":"));
        assertEquals("secret comment", c.decryptComment(KAT_COMMENT, key(), "app:"));
    }

    @Test
    void decryptedValuesReuseTheirIvWhenEncryptedAgain() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        c.decrypt(KAT_STR, key(), "a:b:");
        assertEquals(KAT_STR, c.encrypt(new StrValue("hello"), key(), "a:b:"));
        // Another path or another value gets a fresh IV.
        assertNotEquals(KAT_STR, c.encrypt(new StrValue("hello"), key(), "a:c:"));
        assertFalse(c.encrypt(new StrValue("hellO"), key(), "a:b:").contains(IV_B64));
    }

    @Test
    void aReadOnlyCipherDecryptsTheSameAndRemembersNoIv() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom(), false);
        assertEquals(new StrValue("hello"), c.decrypt(KAT_STR, key(), "a:b:"));
        assertEquals("secret comment", c.decryptComment(KAT_COMMENT, key(), "app:"));
        // Sealing the same value at the same path again draws a fresh IV: nothing was stashed.
        String again = c.encrypt(new StrValue("hello"), key(), "a:b:");
        assertFalse(again.contains(IV_B64), again);
        assertEquals(new StrValue("hello"), c.decrypt(again, key(), "a:b:"));
    }

    @Test
    void freshEncryptionUsesA32ByteRandomIv() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        String a = c.encrypt(new StrValue("x"), key(), "k:");
        String b = c.encrypt(new StrValue("x"), key(), "k:");
        assertNotEquals(a, b);
        EncString e = EncString.parse(a).orElseThrow();
        assertEquals(32, java.util.Base64.getDecoder().decode(e.iv()).length);
        assertEquals(16, java.util.Base64.getDecoder().decode(e.tag()).length);
        assertEquals("str", e.type());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "str|héllo ☃|héllo ☃",
        "int|9223372036854775807|9223372036854775807",
        "float|25.4|25.4",
        "float|1000|1000",
        "float|1e21|1000000000000000000000",
        "float|-0.0|-0",
        "float|1e-7|0.0000001",
        "bool|false|False",
        "time|2001-12-14T21:59:43.1-05:00|2001-12-14T21:59:43.1-05:00",
    })
    void typesAndPlaintexts(String type, String input, String plaintext) {
        Scalar v = switch (type) {
            case "str" -> new StrValue(input);
            case "int" -> new IntValue(Long.parseLong(input));
            case "float" -> new FloatValue(Double.parseDouble(input));
            case "bool" -> new BoolValue(Boolean.parseBoolean(input));
            default -> new TimeValue(OffsetDateTime.parse(input));
        };
        PlainText p = PlainText.of(v);
        assertEquals(type, p.type());
        assertEquals(plaintext, new String(p.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        String enc = c.encrypt(v, key(), "p:");
        assertTrue(enc.endsWith(",type:" + type + "]"), enc);
        assertEquals(v, c.decrypt(enc, key(), "p:"));
    }

    @Test
    void bytesEncryptAsStrAndComeBackAsBytesWhenNotUtf8() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        BytesValue raw = new BytesValue(new byte[] {(byte) 0xff, 0x00, 0x41});
        String enc = c.encrypt(raw, key(), "b:");
        assertTrue(enc.endsWith(",type:str]"));
        assertEquals(raw, c.decrypt(enc, key(), "b:"));
        assertEquals(new StrValue("A"), c.decrypt(c.encrypt(new BytesValue(new byte[] {0x41}), key(), "b:"), key(), "b:"));
    }

    @Test
    void emptyValuesAreNeverEncrypted() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        assertEquals("", c.encrypt(new StrValue(""), key(), "e:"));
        assertEquals("", c.encryptComment("", key(), "e:"));
        assertEquals(new StrValue(""), c.decrypt("", key(), "e:"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // malformed ENC string
        "ENC[AES256_GCM,data:abc,iv:def]|Could not decrypt value at \"a:b:\": input string does not match sops' data format",
        // bad base64
        "ENC[AES256_GCM,data:oiS/qyc,iv:" + IV_B64 + ",tag:/nJZv+oICGo1fj376wwyOA==,type:str]|Could not decrypt value at \"a:b:\": invalid base64 in data",
        "ENC[AES256_GCM,data:oiS/qyc=,iv:!!!!,tag:/nJZv+oICGo1fj376wwyOA==,type:str]|Could not decrypt value at \"a:b:\": invalid base64 in iv",
        // unknown type tag
        "ENC[AES256_GCM,data:oiS/qyc=,iv:" + IV_B64 + ",tag:/nJZv+oICGo1fj376wwyOA==,type:blob]|Could not decrypt value at \"a:b:\": unknown type tag 'blob'",
        // wrong IV length: authentication fails (any non-empty IV is accepted, but it must be the right one)
        "ENC[AES256_GCM,data:oiS/qyc=,iv:ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CB,tag:/nJZv+oICGo1fj376wwyOA==,type:str]|Could not decrypt value at \"a:b:\": message authentication failed (wrong data key, or the value or its path was changed)",
        // tampered tag
        "ENC[AES256_GCM,data:oiS/qyc=,iv:" + IV_B64 + ",tag:/nJZv+oICGo1fj376wwyOQ==,type:str]|Could not decrypt value at \"a:b:\": message authentication failed (wrong data key, or the value or its path was changed)",
        // type swapped: GCM passes but the plaintext is not an int
        "ENC[AES256_GCM,data:oiS/qyc=,iv:" + IV_B64 + ",tag:/nJZv+oICGo1fj376wwyOA==,type:int]|Could not decrypt value at \"a:b:\": plaintext of type int is not an integer",
    })
    void badInputIsAOneLineCryptoError(String enc, String message) {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        CryptoException e = assertThrows(CryptoException.class, () -> c.decrypt(enc, key(), "a:b:"));
        assertEquals(message, e.getMessage());
        assertEquals(ExitCode.ERROR_DECRYPTING_TREE, e.exitCode());
        assertFalse(e.getMessage().contains("hello"));
    }

    @Test
    void wrongPathFailsAuthentication() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        assertThrows(CryptoException.class, () -> c.decrypt(KAT_STR, key(), "a:"));
    }

    @Test
    void emptyIvIsRejected() {
        AesGcmValueCipher c = new AesGcmValueCipher(new SecureRandom());
        // "iv:" needs one char for the regex; "====" is not valid base64, so build an IV of zero bytes another way
        CryptoException e = assertThrows(CryptoException.class, () -> c.decrypt(
                "ENC[AES256_GCM,data:oiS/qyc=,iv:,tag:,type:str]", key(), "x:"));
        assertTrue(e.getMessage().startsWith("Could not decrypt value at \"x:\""), e.getMessage());
        assertEquals(HexFormat.of().formatHex(new byte[0]), "");
    }
}
