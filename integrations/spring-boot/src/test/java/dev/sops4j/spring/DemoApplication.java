package dev.sops4j.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A plain application: nothing in it knows about sops. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(DemoApplication.PoolProperties.class)
public class DemoApplication {
    @ConfigurationProperties("db.pool")
    public record PoolProperties(int maxConnections, String user) {
    }

    public record Secrets(String password, String apiToken, String iniSecret, String region) {
    }

    @Bean
    Secrets secrets(@Value("${db.password}") String password, @Value("${api.token}") String apiToken,
            @Value("${ini.secret}") String iniSecret, @Value("${region}") String region) {
        return new Secrets(password, apiToken, iniSecret, region);
    }
}
