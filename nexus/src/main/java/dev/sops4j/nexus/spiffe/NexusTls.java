package dev.sops4j.nexus.spiffe;

import io.spiffe.provider.SpiffeKeyManager;
import io.spiffe.provider.SpiffeTrustManager;
import io.spiffe.workloadapi.X509Source;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The mTLS context for talking to Nexus: our SVID as client certificate, the SVID's trust bundle for the chain,
 * and {@link NexusServerVerifier} for the server's SPIFFE ID. Built per client; no JVM-wide TLS setting is
 * touched. There is no hostname check: SVIDs carry a URI SAN, not DNS names, exactly as with SPIKE's own clients.
 */
public final class NexusTls {
    private NexusTls() {
    }

    public static SSLContext clientContext(X509Source source, List<String> trustRoots) {
        try {
            // "TLSv1.3" contexts also negotiate 1.2, which some SPIKE builds may still offer.
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(new KeyManager[] {new SpiffeKeyManager(source)},
                    new TrustManager[] {new SpiffeTrustManager(source, new NexusServerVerifier(trustRoots))}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context for Nexus: " + e.getMessage(), e);
        }
    }
}
