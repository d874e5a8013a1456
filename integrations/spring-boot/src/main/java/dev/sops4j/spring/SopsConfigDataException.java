package dev.sops4j.spring;

import dev.sops4j.core.error.SopsException;
import org.springframework.boot.context.config.ConfigDataException;

/** A sops file named by {@code spring.config.import} could not be decrypted: one line naming the file and the cause. */
public final class SopsConfigDataException extends ConfigDataException {
    private static final long serialVersionUID = 1L;

    SopsConfigDataException(SopsConfigDataResource resource, SopsException cause) {
        super("Cannot decrypt sops file '" + resource.location() + "': " + cause.singleLine(), cause);
    }
}
