package dev.sops4j.core.keys;

import dev.sops4j.core.tree.Mapping;
import java.util.Objects;

/**
 * A key of a type sops4j has no reader for (e.g. stackit_kms or another future type). Kept verbatim
 * so rewriting the file preserves it; it can never unwrap.
 */
public record UnknownKeyRef(String type, Mapping fields) implements KeyRef {
    public UnknownKeyRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fields, "fields");
    }

    @Override
    public String enc() {
        return fields.get("enc").map(n -> n instanceof dev.sops4j.core.tree.StrValue s ? s.value() : "").orElse("");
    }

    @Override
    public UnknownKeyRef withEnc(String newEnc) {
        return new UnknownKeyRef(type, fields.with("enc", new dev.sops4j.core.tree.StrValue(newEnc)));
    }

    @Override
    public String describe() {
        for (String k : new String[] {"resource_id", "vault_url", "key_id", "vault_address", "name"}) {
            var v = fields.get(k);
            if (v.isPresent() && v.get() instanceof dev.sops4j.core.tree.StrValue s) {
                return s.value();
            }
        }
        return type;
    }

    @Override
    public Mapping toMetadata() {
        return fields;
    }

}
