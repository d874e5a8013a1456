package dev.sops4j.gateway.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's own {@code keytool} (so the gateway
 * needs no certificate library at run time): {@code DIR/tls.p12} for the server and {@code DIR/ca.crt} for clients
 * ({@code SOPS4J_GATEWAY_CA_FILE}). The store password is random and never leaves this process (it reaches keytool
 * through its environment, not its command line).
 */
final class DevTls {
    static final String P12 = "tls.p12";
    static final String CA = "ca.crt";

    private DevTls() {
    }

    /** @return the PKCS#12 password */
    static char[] create(Path dir) throws IOException {
        byte[] r = new byte[18];
        new SecureRandom().nextBytes(r);
        String pass = HexFormat.of().formatHex(r);
        Files.deleteIfExists(dir.resolve(P12));
        keytool(pass, "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "30", "-dname", "CN=sops4j-gateway dev", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-keystore", dir.resolve(P12).toString(), "-storetype", "PKCS12", "-storepass:env", "SOPS4J_DEV_P12");
        keytool(pass, "-exportcert", "-rfc", "-alias", "gateway", "-keystore", dir.resolve(P12).toString(),
                "-storetype", "PKCS12", "-storepass:env", "SOPS4J_DEV_P12", "-file", dir.resolve(CA).toString());
        return pass.toCharArray();
    }

    private static void keytool(String pass, String... args) throws IOException {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(bin)) {
            throw new IOException("keytool not found at " + bin + " (dev mode makes its certificate with it)");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SOPS4J_DEV_P12", pass);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
