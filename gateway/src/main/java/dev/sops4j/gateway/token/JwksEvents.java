package dev.sops4j.gateway.token;

/** Told about JWKS and discovery fetches, so metrics can count failures per issuer. */
public interface JwksEvents {
    void fetched(String issuerName);

    void failed(String issuerName);

    JwksEvents NONE = new JwksEvents() {
        public void fetched(String issuerName) {
        }

        public void failed(String issuerName) {
        }
    };
}
