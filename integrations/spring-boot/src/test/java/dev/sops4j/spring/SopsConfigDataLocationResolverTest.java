package dev.sops4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SopsConfigDataLocationResolverTest {
    @Test
    void profileFilesInsertTheProfileBeforeTheFirstDotOfTheFileName() {
        assertEquals("classpath:secrets-prod.enc.yaml",
                SopsConfigDataLocationResolver.profilePath("classpath:secrets.enc.yaml", "prod"));
        assertEquals("file:./config.d/app-dev.env", SopsConfigDataLocationResolver.profilePath("file:./config.d/app.env", "dev"));
        assertEquals("config/secrets-dev", SopsConfigDataLocationResolver.profilePath("config/secrets", "dev"));
    }
}
