package dev.sops4j.examples;

import dev.sops4j.core.api.Sops;
import dev.sops4j.core.api.SopsDocument;
import java.nio.file.Path;

public class ReadSecrets {
    public static void main(String[] args) {
        // Keys are found as the sops4j CLI finds them: SOPS_AGE_KEY_FILE, SOPS_AGE_KEY,
        // ~/.config/sops/age/keys.txt, GNUPGHOME, and AWS KMS / Nexus with sops4j-runtime.
        try (SopsDocument secrets = Sops.decrypt(Path.of("app.enc.yaml"))) {
            String password = secrets.get("db.password").orElseThrow();
            int port = secrets.getInt("db.port").orElse(5432);
            String firstHost = secrets.get("db.hosts[0]").orElseThrow();
            System.out.println(firstHost + ":" + port + " password " + password.length() + " chars");
        } // close() wipes the data key and drops the values
    }
}
