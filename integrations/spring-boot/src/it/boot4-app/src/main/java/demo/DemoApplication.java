package demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties(DemoApplication.Pool.class)
public class DemoApplication {
    @ConfigurationProperties("db.pool")
    public record Pool(int maxConnections) {
    }

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    @Bean
    CommandLineRunner print(@Value("${db.password}") String password, Pool pool) {
        return args -> {
            System.out.println("db.password=" + password);
            System.out.println("db.pool.maxConnections=" + pool.maxConnections());
        };
    }
}
