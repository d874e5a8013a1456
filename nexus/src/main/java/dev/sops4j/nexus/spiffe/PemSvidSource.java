package dev.sops4j.nexus.spiffe;

import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.exception.BundleNotFoundException;
import io.spiffe.exception.X509BundleException;
import io.spiffe.exception.X509SvidException;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.X509Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;

/**
 * An X.509-SVID and trust bundle read from the files spiffe-helper writes ({@code svid.pem}, {@code svid_key.pem},
 * {@code svid_bundle.pem}). spiffe-helper rewrites them when SPIRE rotates the SVID, so every TLS handshake checks
 * the files' modification time and size and reloads on change. A half-written set (spiffe-helper writes the three
 * files one after the other) fails to parse; the previous identity is then kept until the next check succeeds.
 *
 * <p>Uses no gRPC: this path works with java-spiffe's gRPC dependencies absent from the class path.
 */
public final class PemSvidSource implements X509Source {
    public static final String SVID_FILE = "svid.pem";
    public static final String KEY_FILE = "svid_key.pem";
    public static final String BUNDLE_FILE = "svid_bundle.pem";

    private final Path cert;
    private final Path key;
    private final Path bundleFile;
    private volatile Loaded current;

    private record Stamp(List<FileTime> times, List<Long> sizes) {
    }

    private record Loaded(Stamp stamp, X509Svid svid, X509Bundle bundle) {
    }

    private PemSvidSource(Path dir) {
        this.cert = dir.resolve(SVID_FILE);
        this.key = dir.resolve(KEY_FILE);
        this.bundleFile = dir.resolve(BUNDLE_FILE);
    }

    /**
     * Loads the identity in {@code dir}. Throws {@link IllegalStateException} (one line, names the file) when the
     * files are missing or invalid.
     */
    public static PemSvidSource open(Path dir) {
        PemSvidSource s = new PemSvidSource(Objects.requireNonNull(dir, "dir"));
        s.current = s.load(s.stamp());
        return s;
    }

    @Override
    public X509Svid getX509Svid() {
        return fresh().svid();
    }

    @Override
    public X509Bundle getBundleForTrustDomain(TrustDomain trustDomain) throws BundleNotFoundException {
        X509Bundle b = fresh().bundle();
        if (b.getTrustDomain().equals(trustDomain)) {
            return b;
        }
        throw new BundleNotFoundException("no trust bundle for " + trustDomain + " in " + bundleFile);
    }

    @Override
    public void close() {
        // Nothing is held open: the files are read on demand.
    }

    private Loaded fresh() {
        Loaded have = current;
        Stamp now;
        try {
            now = stamp();
        } catch (IllegalStateException gone) {
            return have; // files briefly missing during a rewrite: keep serving what we have
        }
        if (now.equals(have.stamp())) {
            return have;
        }
        synchronized (this) {
            if (current.stamp().equals(now)) {
                return current;
            }
            try {
                current = load(now);
            } catch (IllegalStateException partial) {
                return current; // mid-rotation: the next handshake retries
            }
            return current;
        }
    }

    private Stamp stamp() {
        try {
            var a = Files.readAttributes(cert, BasicFileAttributes.class);
            var b = Files.readAttributes(key, BasicFileAttributes.class);
            var c = Files.readAttributes(bundleFile, BasicFileAttributes.class);
            return new Stamp(List.of(a.lastModifiedTime(), b.lastModifiedTime(), c.lastModifiedTime()),
                    List.of(a.size(), b.size(), c.size()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read SPIFFE identity files in " + cert.getParent() + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private Loaded load(Stamp stamp) {
        X509Svid svid;
        try {
            svid = X509Svid.load(cert, key);
        } catch (X509SvidException | UncheckedIOException e) {
            throw new IllegalStateException("invalid X.509-SVID in " + cert + " / " + key + ": " + oneLine(e));
        }
        try {
            X509Bundle bundle = X509Bundle.load(svid.getSpiffeId().getTrustDomain(), bundleFile);
            return new Loaded(stamp, svid, bundle);
        } catch (X509BundleException | UncheckedIOException e) {
            throw new IllegalStateException("invalid trust bundle in " + bundleFile + ": " + oneLine(e));
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
