package dev.sops4j.nexus.spiffe;

import io.spiffe.provider.SpiffeIdVerifier;
import io.spiffe.provider.SpiffeVerificationException;
import io.spiffe.spiffeid.SpiffeId;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Accepts a server only if it presents a SPIKE Nexus identity: {@code spiffe://<root>/spike/nexus} or a path
 * below it, for one of the configured trust roots. This is the same rule as SPIKE's own SDK, so a Keeper, a
 * Pilot or any other workload from the same trust domain cannot pose as Nexus.
 */
public final class NexusServerVerifier implements SpiffeIdVerifier {
    private final List<String> roots;

    public NexusServerVerifier(List<String> trustRoots) {
        this.roots = List.copyOf(trustRoots);
    }

    public boolean isNexus(String spiffeId) {
        for (String root : roots) {
            String base = "spiffe://" + root + "/spike/nexus";
            if (spiffeId.equals(base) || spiffeId.startsWith(base + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void verify(SpiffeId spiffeId, X509Certificate[] chain) throws SpiffeVerificationException {
        if (!isNexus(spiffeId.toString())) {
            throw new SpiffeVerificationException("server SPIFFE ID " + spiffeId + " is not SPIKE Nexus (expected "
                    + "spiffe://<root>/spike/nexus for roots " + String.join(",", roots) + ")");
        }
    }
}
