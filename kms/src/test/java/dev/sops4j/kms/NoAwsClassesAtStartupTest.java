package dev.sops4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The CLI builds its key sources at startup; files without KMS keys must not pay for loading the AWS SDK. Loads the
 * module in a fresh class loader that records every class it is asked for.
 */
class NoAwsClassesAtStartupTest {

    static final class RecordingLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }

        List<String> aws() {
            return requested.stream().filter(n -> n.startsWith("software.amazon.")).sorted().toList();
        }
    }

    private static URL[] testClasspath() throws MalformedURLException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    @Test
    void constructingTheSourceAndParsingFlagsLoadsNoAwsClass() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(testClasspath())) {
            Class<?> envType = loader.loadClass("dev.sops4j.core.env.Environment");
            Object env = envType.getConstructor(Map.class, Path.class, Path.class)
                    .newInstance(Map.of("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:9"), Path.of("/nonexistent"),
                            Path.of("/nonexistent"));
            Class<?> sourceType = loader.loadClass("dev.sops4j.kms.KmsKeySource");
            Object source = sourceType.getConstructor(envType).newInstance(env);
            sourceType.getMethod("refType").invoke(source);
            Class<?> args = loader.loadClass("dev.sops4j.kms.KmsArgs");
            Object ctx = args.getMethod("parseContext", String.class).invoke(null, "a:b");
            List<?> keys = (List<?>) args.getMethod("parseKeys", String.class, Map.class, String.class)
                    .invoke(null, "arn:aws:kms:us-east-1:1:key/k+arn:aws:iam::1:role/r", ctx, "");
            assertEquals(1, keys.size());

            assertEquals(List.of(), loader.aws());

            // Control: the first real use does load the SDK, so the check above can fail.
            Class<?> refType = loader.loadClass("dev.sops4j.core.keys.KmsKeyRef");
            Class<?> secretType = loader.loadClass("dev.sops4j.core.secret.SecretBytes");
            Object secret = secretType.getMethod("copyOf", byte[].class).invoke(null, (Object) new byte[32]);
            try {
                sourceType.getMethod("wrap", refType, secretType).invoke(source, keys.get(0), secret);
            } catch (InvocationTargetException expected) {
                // no credentials and nothing listening: the call fails, after the SDK was loaded
            }
            assertTrue(loader.aws().contains("software.amazon.awssdk.services.kms.KmsClient"), loader.aws().toString());
            sourceType.getMethod("close").invoke(source);
        }
    }
}
