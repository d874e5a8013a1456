package dev.sops4j.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditSinkTest {
    @Test
    void reopenAfterRotationWritesToTheNewFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("audit.log");
        try (FileAuditSink s = new FileAuditSink(log)) {
            s.write(Map.of("n", 1));
            Files.move(log, dir.resolve("audit.log.1"));
            s.write(Map.of("n", 2));
            s.reopen();
            s.write(Map.of("n", 3));
        }
        assertEquals("{\"n\":1}\n{\"n\":2}\n", Files.readString(dir.resolve("audit.log.1")));
        assertEquals("{\"n\":3}\n", Files.readString(log));
    }

    @Test
    void aFileThatCannotBeOpenedRefusesEveryLine(@TempDir Path dir) {
        try (FileAuditSink s = new FileAuditSink(dir.resolve("missing-dir/audit.log"))) {
            assertThrows(UncheckedIOException.class, () -> s.write(Map.of("n", 1)));
            assertThrows(AuditTrail.AuditFailed.class, () -> new AuditTrail(java.util.List.of(s)).write(Map.of()));
        }
    }
}
