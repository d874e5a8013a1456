package dev.sops4j.examples;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.engine.DecryptOptions;
import dev.sops4j.core.engine.DecryptedFile;
import dev.sops4j.core.engine.EncryptionSpec;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeyGroup;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.tree.Mapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

public class EncryptAndDecrypt {
    /** Encrypts a YAML file for one age recipient, as `sops4j encrypt --age R`, then reads the tree back. */
    public static Mapping roundTrip(Path file, String ageRecipient, Path ageKeyFile) throws IOException {
        Environment env = Environment.system().with("SOPS_AGE_KEY_FILE", ageKeyFile.toString());
        Sops4j sops = Sops4j.local(env);                   // age + PGP key sources (Sops.sops4j(settings): all)

        byte[] plain = "db:\n    user: app\n    password: s3cret\n".getBytes(StandardCharsets.UTF_8);
        KeyGroup group = new KeyGroup(List.of(AgeKeyRef.of(ageRecipient)));
        EncryptionSpec spec = new EncryptionSpec(List.of(group), 0, Optional.empty(), false);
        Files.write(file, sops.encrypt(plain, Format.YAML, spec));

        // The MAC is verified; the data key is wiped when the file is closed.
        try (DecryptedFile decrypted = sops.decrypt(file, DecryptOptions.DEFAULTS)) {
            return decrypted.branches().get(0);            // typed tree: StrValue, IntValue, Mapping, Sequence...
        }
    }
}
