package dev.sops4j.kms.fake;

import dev.sops4j.kms.fake.FakeKmsServer.Json;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The KMS operations the fake answers, with the checks real KMS makes, in KMS's order. */
final class FakeKmsOperations {
    /** A JSON body to return, or an error code + message + HTTP status. */
    record Result(String keyId, Map<String, String> context, String json, String errorCode, String message,
            int status) {
        static Result ok(String keyId, Map<String, String> ctx, String json) {
            return new Result(keyId, ctx, json, null, null, 200);
        }

        static Result error(String keyId, Map<String, String> ctx, String code, String message) {
            return new Result(keyId, ctx, null, code, message, 400);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeKmsKeys keys;
    private final Set<String> disabled;
    private final Map<String, Predicate<String>> access;

    FakeKmsOperations(FakeKmsKeys keys, Set<String> disabled, Map<String, Predicate<String>> access) {
        this.keys = keys;
        this.disabled = disabled;
        this.access = access;
    }

    Result run(String op, JsonNode req, SigV4.Caller caller) {
        Map<String, String> ctx = context(req);
        String keyId = text(req, "KeyId").orElse("");
        return switch (op) {
            case "Encrypt" -> encrypt(req, caller, keyId, ctx);
            case "GenerateDataKey" -> generateDataKey(req, caller, keyId, ctx);
            case "Decrypt" -> decrypt(req, caller, keyId, ctx);
            default -> new Result("", ctx, null, "UnknownOperationException", null, 400);
        };
    }

    private Result encrypt(JsonNode req, SigV4.Caller caller, String keyId, Map<String, String> ctx) {
        Optional<String> plain = text(req, "Plaintext");
        if (plain.isEmpty()) {
            return Result.error(keyId, ctx, "ValidationException", "1 validation error detected: Value null at "
                    + "'plaintext' failed to satisfy constraint: Member must not be null");
        }
        return usable("Encrypt", keyId, ctx, caller).orElseGet(() -> {
            String arn = keys.resolve(keyId, caller.region()).orElseThrow();
            byte[] blob = keys.seal(arn, Base64.getDecoder().decode(plain.get()), ctx);
            return Result.ok(arn, ctx, "{\"CiphertextBlob\":" + Json.b64(blob) + ",\"KeyId\":" + Json.str(arn)
                    + ",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
        });
    }

    private Result generateDataKey(JsonNode req, SigV4.Caller caller, String keyId, Map<String, String> ctx) {
        int size = text(req, "KeySpec").map(s -> s.equals("AES_128") ? 16 : 32)
                .orElseGet(() -> req.field("NumberOfBytes").map(n -> Integer.parseInt(n.asNumber())).orElse(32));
        return usable("GenerateDataKey", keyId, ctx, caller).orElseGet(() -> {
            String arn = keys.resolve(keyId, caller.region()).orElseThrow();
            byte[] plain = new byte[size];
            RANDOM.nextBytes(plain);
            byte[] blob = keys.seal(arn, plain, ctx);
            return Result.ok(arn, ctx, "{\"CiphertextBlob\":" + Json.b64(blob) + ",\"Plaintext\":" + Json.b64(plain)
                    + ",\"KeyId\":" + Json.str(arn) + "}");
        });
    }

    private Result decrypt(JsonNode req, SigV4.Caller caller, String keyId, Map<String, String> ctx) {
        byte[] blob = Base64.getDecoder().decode(text(req, "CiphertextBlob").orElse(""));
        FakeKmsKeys.Opened opened;
        try {
            opened = keys.open(blob, ctx);
        } catch (FakeKmsKeys.BadCiphertext e) {
            return Result.error(keyId, ctx, "InvalidCiphertextException", null);
        }
        if (!keyId.isEmpty()) {
            Optional<String> requested = keys.resolve(keyId, caller.region());
            if (requested.isEmpty()) {
                return notFound(keyId, ctx);
            }
            if (!requested.get().equals(opened.keyArn())) {
                return Result.error(keyId, ctx, "IncorrectKeyException", "The key ID in the request does not "
                        + "identify a CMK that can perform this operation.");
            }
        }
        Optional<Result> denied = usable("Decrypt", opened.keyArn(), ctx, caller);
        if (denied.isPresent()) {
            return denied.get();
        }
        return Result.ok(opened.keyArn(), ctx, "{\"KeyId\":" + Json.str(opened.keyArn()) + ",\"Plaintext\":"
                + Json.b64(opened.plaintext()) + ",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
    }

    /** Empty when {@code caller} may use the key; else the error KMS would return. */
    private Optional<Result> usable(String action, String keyId, Map<String, String> ctx, SigV4.Caller caller) {
        Optional<String> arn = keys.resolve(keyId, caller.region());
        if (arn.isEmpty()) {
            return Optional.of(notFound(keyId, ctx));
        }
        Predicate<String> rule = access.get(arn.get());
        if (rule != null && !rule.test(caller.identity().principal())) {
            return Optional.of(Result.error(arn.get(), ctx, "AccessDeniedException", "User: "
                    + caller.identity().principal() + " is not authorized to perform: kms:" + action
                    + " on resource: " + arn.get() + " because no resource-based policy allows the kms:" + action
                    + " action"));
        }
        if (disabled.contains(arn.get())) {
            return Optional.of(Result.error(arn.get(), ctx, "DisabledException", arn.get() + " is disabled."));
        }
        return Optional.empty();
    }

    private static Result notFound(String keyId, Map<String, String> ctx) {
        String msg = keyId.contains(":alias/") || keyId.startsWith("alias/")
                ? "Alias " + keyId + " is not found." : "Key '" + keyId + "' does not exist";
        return Result.error(keyId, ctx, "NotFoundException", msg);
    }

    private static Map<String, String> context(JsonNode req) {
        Map<String, String> ctx = new LinkedHashMap<>();
        req.field("EncryptionContext").filter(JsonNode::isObject)
                .ifPresent(o -> o.asObject().forEach((k, v) -> ctx.put(k, v.asString())));
        return ctx;
    }

    private static Optional<String> text(JsonNode req, String field) {
        return req.field(field).filter(JsonNode::isString).map(JsonNode::asString);
    }
}
