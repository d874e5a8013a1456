package dev.sops4j.core.keys.age.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.exceptionfactory.jagged.FileKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side of the plugin protocol against small scripted plugins: errors, silence, names. */
class PluginsTest {
    private static final String RECIPIENT = "age1fake1qqqqqqqqqqqqqqqq3vzkwa";

    @TempDir
    Path dir;

    private Plugins plugins(String name, String script, Duration timeout) throws IOException {
        Path p = dir.resolve("age-plugin-" + name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return new Plugins(dir.toString(), timeout, new TerminalPluginUi());
    }

    @Test
    void namesComeFromRecipientsAndIdentities() {
        assertEquals("yubikey", Plugins.recipientPlugin("age1yubikey1qqqq"));
        assertEquals("yubikey", Plugins.identityPlugin("AGE-PLUGIN-YUBIKEY-1QQQQ"));
        assertNull(Plugins.recipientPlugin("age1qqqq"));
        assertNull(Plugins.identityPlugin("AGE-SECRET-KEY-1QQQQ"));
    }

    @Test
    void anErrorStanzaBecomesOneLine() throws Exception {
        Plugins p = plugins("fake", "cat >/dev/null &\nprintf -- '-> error recipient\\nYmFkIHJlY2lwaWVudA\\n'\nsleep 5",
                Duration.ofSeconds(30));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> p.recipient(RECIPIENT).getRecipientStanzas(new FileKey(new byte[16])));
        assertEquals("age plugin fake: bad recipient", e.getMessage());
    }

    @Test
    void aSilentPluginIsStoppedAfterTheTimeout() throws Exception {
        Plugins p = plugins("fake", "exec sleep 30", Duration.ofSeconds(1));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> p.identity("AGE-PLUGIN-FAKE-1QQQQ").unwrap(List.of()));
        assertEquals("age plugin fake: the fake plugin did not answer within 1s", e.getMessage());
    }

    @Test
    void aPluginThatExitsIsReported() throws Exception {
        Plugins p = plugins("fake", "exit 3", Duration.ofSeconds(30));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
                () -> p.identity("AGE-PLUGIN-FAKE-1QQQQ").unwrap(List.of()));
        assertEquals("age plugin fake: the fake plugin exited unexpectedly", e.getMessage());
    }
}
