package dev.sops4j.core.api;

import dev.sops4j.core.Sops4j;
import dev.sops4j.core.env.Environment;

/**
 * The seam through which {@link Sops} finds the same key sources as the sops4j CLI. Core ships only age and PGP;
 * module {@code sops4j-runtime} registers the one implementation (its composition root, with AWS KMS and Nexus)
 * under {@code META-INF/services}. Without it on the class path {@link Sops} uses age and PGP.
 */
public interface KeySourcesProvider {
    /** A builder with every key source registered, reading its settings from {@code env}. */
    Sops4j.Builder builder(Environment env);
}
