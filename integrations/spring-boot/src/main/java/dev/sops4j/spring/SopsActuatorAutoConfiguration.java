package dev.sops4j.spring;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks every value that came from a sops file in Actuator's {@code env} and {@code configprops} endpoints, also
 * when {@code management.endpoint.*.show-values=always}.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
public class SopsActuatorAutoConfiguration {
    @Bean
    public SanitizingFunction sopsSanitizingFunction() {
        return data -> data.getPropertySource() instanceof SopsPropertySource ? data.withSanitizedValue() : data;
    }
}
