package dev.sops4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sops4j.core.store.Format;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputNamesTest {

    @Test
    void keepsTheNameWithoutOrWithTheSameOutputType() {
        assertEquals("secrets/app.enc.yaml", OutputNames.renamed("secrets/app.enc.yaml", Optional.empty()));
        assertEquals("secrets/app.enc.yml", OutputNames.renamed("secrets/app.enc.yml", Optional.of(Format.YAML)));
        assertEquals("a.json", OutputNames.renamed("a.json", Optional.of(Format.BINARY)));
    }

    @Test
    void replacesTheLastExtensionForAnotherFormat() {
        assertEquals("secrets/app.enc.json", OutputNames.renamed("secrets/app.enc.yaml", Optional.of(Format.JSON)));
        assertEquals("db.yaml", OutputNames.renamed("db.json", Optional.of(Format.YAML)));
        assertEquals("x/app.env", OutputNames.renamed("x/app.ini", Optional.of(Format.DOTENV)));
        assertEquals("app.ini", OutputNames.renamed("app.env", Optional.of(Format.INI)));
    }

    @Test
    void appendsWhenThereIsNoExtensionOrOnlyADotfile() {
        assertEquals("secrets/token.json", OutputNames.renamed("secrets/token", Optional.of(Format.JSON)));
        assertEquals("conf/.env.yaml", OutputNames.renamed("conf/.env", Optional.of(Format.YAML)));
        assertEquals("v1.2/token.json", OutputNames.renamed("v1.2/token", Optional.of(Format.JSON)));
    }
}
