package dev.sops4j.core.compat;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.age.AgeKeySource;
import dev.sops4j.core.keys.pgp.PgpKeySource;
import dev.sops4j.testing.SharedData;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Composition roots for the compatibility suite, each seeing only the keys it is given: {@code home} is an empty
 * temporary directory so no identity of the machine (~/.ssh, ~/.gnupg, ~/.config/sops) can leak in.
 */
final class CompatKeys {
    static final String PGP_SECRET_KEYS = "sops-vectors/keys/pgp/sops_functional_tests_key.asc";
    static final String FP_KEY_1 = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";
    static final String FP_KEY_2 = "D7229043384BCC60326C6FB9D8720D957C3D3074";

    private CompatKeys() {
    }

    /** An environment with nothing but {@code vars}, rooted in the empty directory {@code home}. */
    static Environment env(Path home, Map<String, String> vars) {
        Map<String, String> all = new HashMap<>(vars);
        all.putIfAbsent("XDG_CONFIG_HOME", home.resolve(".config").toString());
        all.putIfAbsent("GNUPGHOME", home.resolve(".gnupg").toString());
        all.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        return new Environment(all, home, home);
    }

    /**
     * PGP through BouncyCastle only: the functional-test secret keys from {@code SOPS4J_PGP_SECRET_KEY_FILE}, and a
     * gpg that always fails, so a pass proves the pure-Java path.
     */
    static Sops4j pgpPureJava(Path home) {
        return pgpPureJava(home, SharedData.file(PGP_SECRET_KEYS));
    }

    static Sops4j pgpPureJava(Path home, Path secretKeyFile) {
        Environment env = env(home, Map.of(PgpKeySource.SECRET_KEY_FILE_VARIABLE, secretKeyFile.toString(),
                "SOPS_GPG_EXEC", "/bin/false"));
        return Sops4j.builder().keySource(new PgpKeySource(env)).build();
    }

    /** PGP through the real gpg binary with {@code gnupgHome} (keys imported by {@link GpgHome}). */
    static Sops4j pgpWithGpg(Path home, Path gnupgHome) {
        Environment env = env(home, Map.of("GNUPGHOME", gnupgHome.toString()));
        return Sops4j.builder().keySource(new PgpKeySource(env)).build();
    }

    /** age identities from {@code SOPS_AGE_KEY_FILE} only. */
    static Sops4j age(Path home, Path keyFile) {
        return age(home, keyFile, Clock.systemUTC());
    }

    static Sops4j age(Path home, Path keyFile, Clock clock) {
        Environment env = env(home, Map.of("SOPS_AGE_KEY_FILE", keyFile.toString()));
        return Sops4j.builder().keySource(new AgeKeySource(env)).clock(clock).build();
    }

    /** Both local key sources, as {@code Sops4j.local} builds them, from the given variables. */
    static Sops4j local(Path home, Map<String, String> vars, Clock clock) {
        return Sops4j.builder().withLocalKeySources(env(home, vars)).clock(clock).build();
    }
}
