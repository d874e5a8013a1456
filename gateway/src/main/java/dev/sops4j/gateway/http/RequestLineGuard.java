package dev.sops4j.gateway.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Keeps the "every answer is JSON" promise for request URIs the JDK server cannot parse. The JDK's
 * {@code HttpServer} answers those itself, with an HTML page, before any handler runs. This TLS engine decorator
 * looks at each decrypted request line; when its target is not a valid URI, it overwrites the target in place with
 * a marker of the same length ({@code /~~~…}; a one-character target becomes {@code /~}), which the service
 * answers with a JSON 400. Only whole request lines at the start of a decrypted record are examined (HTTP/1.1 clients write each
 * request's head in one go); nothing else is changed.
 */
final class RequestLineGuard {
    private static final List<String> METHODS = List.of("GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ",
            "PATCH ", "TRACE ", "CONNECT ");

    private RequestLineGuard() {
    }

    /** Whether {@code rawPath} is the marker a refused target was replaced with. */
    static boolean isMarker(String rawPath) {
        return rawPath != null && rawPath.matches("/~+");
    }

    /** {@code real} with every engine it creates guarded. */
    static SSLContext wrap(SSLContext real) {
        return new SSLContext(new SSLContextSpi() {
            @Override
            protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
                    throws KeyManagementException {
                throw new KeyManagementException("already initialised");
            }

            @Override
            protected SSLSocketFactory engineGetSocketFactory() {
                return real.getSocketFactory();
            }

            @Override
            protected SSLServerSocketFactory engineGetServerSocketFactory() {
                return real.getServerSocketFactory();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine() {
                return new Engine(real.createSSLEngine());
            }

            @Override
            protected SSLEngine engineCreateSSLEngine(String host, int port) {
                return new Engine(real.createSSLEngine(host, port));
            }

            @Override
            protected SSLSessionContext engineGetServerSessionContext() {
                return real.getServerSessionContext();
            }

            @Override
            protected SSLSessionContext engineGetClientSessionContext() {
                return real.getClientSessionContext();
            }

            @Override
            protected SSLParameters engineGetDefaultSSLParameters() {
                return real.getDefaultSSLParameters();
            }

            @Override
            protected SSLParameters engineGetSupportedSSLParameters() {
                return real.getSupportedSSLParameters();
            }
        }, real.getProvider(), real.getProtocol()) {
        };
    }

    /**
     * Rewrites an unparsable target in the plaintext {@code b[from, to)} if it starts with a request line.
     *
     * @return how many bytes the plaintext grew (1 when a one-character target became {@code /~}, else 0)
     */
    static int guard(ByteBuffer b, int from, int to) {
        if (to - from < 10 || !b.hasArray()) {
            return 0;
        }
        byte[] a = b.array();
        int base = b.arrayOffset();
        int start = base + from;
        int end = base + to;
        String head = new String(a, start, Math.min(8, end - start), StandardCharsets.ISO_8859_1);
        String method = METHODS.stream().filter(head::startsWith).findFirst().orElse(null);
        if (method == null) {
            return 0;
        }
        int t0 = start + method.length();
        int t1 = t0;
        while (t1 < end && a[t1] != ' ' && a[t1] != '\r' && a[t1] != '\n') {
            t1++;
        }
        if (t1 >= end || a[t1] != ' ' || t1 == t0) {
            return 0;
        }
        String target = new String(a, t0, t1 - t0, StandardCharsets.ISO_8859_1);
        try {
            new URI(target);
            return 0;
        } catch (URISyntaxException e) {
            int grow = 0;
            if (t1 - t0 == 1) {
                if (b.limit() - to < 1) {
                    a[t0] = '/';  // no room to grow: at least a JSON 404
                    return 0;
                }
                System.arraycopy(a, t1, a, t1 + 1, end - t1);
                t1++;
                grow = 1;
            }
            a[t0] = '/';
            for (int i = t0 + 1; i < t1; i++) {
                a[i] = '~';
            }
            return grow;
        }
    }

    /** Delegates everything; looks at what {@link #unwrap} produced. */
    private static final class Engine extends SSLEngine {
        private final SSLEngine d;

        Engine(SSLEngine d) {
            super(d.getPeerHost(), d.getPeerPort());
            this.d = d;
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
            int before = length == 1 ? dsts[offset].position() : -1;
            SSLEngineResult r = d.unwrap(src, dsts, offset, length);
            if (before >= 0 && r.bytesProduced() > 0) {
                ByteBuffer dst = dsts[offset];
                int grow = guard(dst, before, dst.position());
                if (grow > 0) {
                    dst.position(dst.position() + grow);
                    return new SSLEngineResult(r.getStatus(), r.getHandshakeStatus(), r.bytesConsumed(),
                            r.bytesProduced() + grow);
                }
            }
            return r;
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
            return d.wrap(srcs, offset, length, dst);
        }

        @Override
        public Runnable getDelegatedTask() {
            return d.getDelegatedTask();
        }

        @Override
        public void closeInbound() throws SSLException {
            d.closeInbound();
        }

        @Override
        public boolean isInboundDone() {
            return d.isInboundDone();
        }

        @Override
        public void closeOutbound() {
            d.closeOutbound();
        }

        @Override
        public boolean isOutboundDone() {
            return d.isOutboundDone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return d.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return d.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            d.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return d.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return d.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            d.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return d.getSession();
        }

        @Override
        public SSLSession getHandshakeSession() {
            return d.getHandshakeSession();
        }

        @Override
        public void beginHandshake() throws SSLException {
            d.beginHandshake();
        }

        @Override
        public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
            return d.getHandshakeStatus();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            d.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return d.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            d.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return d.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            d.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return d.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            d.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return d.getEnableSessionCreation();
        }

        @Override
        public SSLParameters getSSLParameters() {
            return d.getSSLParameters();
        }

        @Override
        public void setSSLParameters(SSLParameters params) {
            d.setSSLParameters(params);
        }

        @Override
        public String getApplicationProtocol() {
            return d.getApplicationProtocol();
        }

        @Override
        public String getHandshakeApplicationProtocol() {
            return d.getHandshakeApplicationProtocol();
        }

        @Override
        public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
            d.setHandshakeApplicationProtocolSelector(selector);
        }

        @Override
        public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
            return d.getHandshakeApplicationProtocolSelector();
        }
    }
}
