package dev.sops4j.cli;

import java.net.URL;
import java.net.URLStreamHandler;
import java.net.URLStreamHandlerFactory;

/**
 * Gives {@code http} and {@code https} URLs the JDK's own handlers through a {@link URLStreamHandlerFactory}, so that
 * the first such URL does not look for {@code URLStreamHandlerProvider}s on the class path. Every command makes one:
 * the JCE's set-up creates an {@code http:} URL, and the provider look-up it triggers opens every jar of the class
 * path (some 110, the cloud SDKs included, which a command on an age file never reads otherwise): 50-70 ms of CPU
 * on each run. The CLI ships no such provider; the handlers installed are the ones the JDK would pick itself. (The
 * other look-up that opens every jar, the logger {@code System.exit} asks for, {@link Main} avoids on success.)
 *
 * <p>The handler classes are internal to {@code java.base}: the launchers export their packages
 * ({@code --add-exports}); without that (another launcher, a future JDK without them) nothing is installed and the
 * JDK looks them up as usual. Other protocols are left to the JDK ({@code file}, {@code jar} and {@code jrt} never
 * reach a factory).
 */
final class UrlHandlers {
    private UrlHandlers() {
    }

    static void install() {
        try {
            URLStreamHandler http = handler("sun.net.www.protocol.http.Handler");
            URLStreamHandler https = handler("sun.net.www.protocol.https.Handler");
            URLStreamHandlerFactory factory = protocol -> switch (protocol) {
                case "http" -> http;
                case "https" -> https;
                default -> null;
            };
            URL.setURLStreamHandlerFactory(factory);
        } catch (ReflectiveOperationException | RuntimeException | Error notAvailable) {
            // not exported to us, absent, or a factory already set: the JDK's usual look-up applies
        }
    }

    private static URLStreamHandler handler(String name) throws ReflectiveOperationException {
        return (URLStreamHandler) Class.forName(name).getConstructor().newInstance();
    }
}
