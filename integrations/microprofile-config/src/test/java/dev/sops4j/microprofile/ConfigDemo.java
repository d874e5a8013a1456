package dev.sops4j.microprofile;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

public class ConfigDemo {
    public static void main(String[] args) {
        // The sops files come from sops4j.files: -Dsops4j.files=config/secrets.enc.yaml, the variable
        // SOPS4J_FILES, or META-INF/microprofile-config.properties. Keys are found as the sops4j CLI finds them.
        Config config = ConfigProvider.getConfig();
        String password = config.getValue("db.password", String.class);  // from the sops file
        int port = config.getValue("db.port", Integer.class);             // from the sops file, converted
        String url = config.getValue("db.url", String.class);             // plain config using ${db.port}
        String token = config.getValue("reporting.token", String.class);  // ${sops::reporting.api-token}
        System.out.println(url + " port " + port + ", password " + password.length() + " chars, token "
                + token.length() + " chars");
    }
}
