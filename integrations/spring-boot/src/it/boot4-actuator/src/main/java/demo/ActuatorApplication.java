package demo;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Prints what /actuator/env and /actuator/configprops would show for a value from a sops file. */
@SpringBootApplication
@EnableConfigurationProperties(ActuatorApplication.Pool.class)
public class ActuatorApplication {
    @ConfigurationProperties("db.pool")
    public record Pool(int maxConnections) {
    }

    public static void main(String[] args) {
        SpringApplication.run(ActuatorApplication.class, args);
    }

    @Bean
    CommandLineRunner show(EnvironmentEndpoint env, ConfigurationPropertiesReportEndpoint configprops, Pool pool) {
        return args -> {
            for (var source : env.environmentEntry("db.password").getPropertySources()) {
                if (source.getProperty() != null) {
                    System.out.println("env " + source.getName() + " db.password=" + source.getProperty().getValue());
                }
            }
            System.out.println("env show-values=" + env.environmentEntry("management.endpoint.env.show-values")
                    .getProperty().getValue());
            configprops.configurationProperties().getContexts().values().forEach(c -> c.getBeans().values().stream()
                    .filter(b -> b.getPrefix().equals("db.pool"))
                    .forEach(b -> System.out.println("configprops db.pool=" + b.getProperties())));
            System.out.println("bound maxConnections=" + pool.maxConnections());
        };
    }
}
