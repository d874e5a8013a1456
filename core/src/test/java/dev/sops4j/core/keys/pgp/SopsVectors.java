package dev.sops4j.core.keys.pgp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.testing.SharedData;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real sops file and data key the PGP tests decrypt. */
final class SopsVectors {
    static final String FORMAT_YAML = "sops-vectors/sops-repo/functional-tests/res/format.enc.yaml";
    static final String FORMAT_EXPECTED =
            "sops-vectors/expected/sops-repo__functional-tests__res__format.enc.yaml.expected.json";

    private SopsVectors() {
    }

    /** {@code sops.pgp[0].enc} of format.enc.yaml, de-indented from its {@code |-} block. */
    static String formatYamlEnc() {
        Matcher m = Pattern.compile("(?s)\\n( *)enc: \\|-\\n(.*?)\\n *fp: ").matcher(SharedData.text(FORMAT_YAML));
        assertTrue(m.find(), "no pgp enc block in " + FORMAT_YAML);
        return m.group(2).replaceAll("(?m)^ +", "");
    }

    static byte[] formatYamlDataKey() {
        Matcher m = Pattern.compile("\"data_key_hex\": \"([0-9a-f]+)\"").matcher(SharedData.text(FORMAT_EXPECTED));
        assertTrue(m.find(), "no data_key_hex in " + FORMAT_EXPECTED);
        return HexFormat.of().parseHex(m.group(1));
    }
}
