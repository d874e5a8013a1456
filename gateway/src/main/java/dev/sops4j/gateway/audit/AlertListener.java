package dev.sops4j.gateway.audit;

/** Receives each alert once. */
@FunctionalInterface
public interface AlertListener {
    void raised(Alert alert);
}
