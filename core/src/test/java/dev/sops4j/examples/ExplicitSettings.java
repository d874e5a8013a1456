package dev.sops4j.examples;

import dev.sops4j.core.api.Sops;
import dev.sops4j.core.api.SopsDocument;
import dev.sops4j.core.api.SopsSettings;
import dev.sops4j.core.store.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

public class ExplicitSettings {
    /** Reads a sops file from the class path with a key file the application names itself. */
    public static Properties load(String resource, String ageKeyFile) throws IOException {
        SopsSettings settings = SopsSettings.defaults().withVariable("SOPS_AGE_KEY_FILE", ageKeyFile);
        try (InputStream in = ExplicitSettings.class.getResourceAsStream(resource);
                SopsDocument secrets = Sops.decrypt(in, Format.YAML, settings)) {
            Map<String, String> values = secrets.asMap();      // flattened keys, in file order
            System.out.println(values.keySet());               // [db.password, db.port, db.hosts[0], db.hosts[1]]
            return secrets.asProperties();                     // a copy: it outlives close()
        }
    }
}
