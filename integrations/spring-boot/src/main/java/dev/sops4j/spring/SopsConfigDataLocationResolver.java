package dev.sops4j.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Resolves {@code spring.config.import=sops:<location>}: {@code classpath:}, {@code file:} or a plain path (a file).
 * With active profiles, {@code secrets.enc.yaml} also brings {@code secrets-<profile>.enc.yaml} when it exists.
 */
public final class SopsConfigDataLocationResolver implements ConfigDataLocationResolver<SopsConfigDataResource> {
    static final String PREFIX = "sops:";

    /** Spring properties read before the import, and the environment variable each one stands for. */
    private static final Map<String, String> KEY_PROPERTIES = Map.of(
            "sops4j.age.key-file", "SOPS_AGE_KEY_FILE",
            "sops4j.pgp.gnupg-home", "GNUPGHOME",
            "sops4j.aws.profile", "AWS_PROFILE");

    private final ResourceLoader resourceLoader;

    public SopsConfigDataLocationResolver(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<SopsConfigDataResource> resolve(ConfigDataLocationResolverContext context,
            ConfigDataLocation location) {
        String path = location.getNonPrefixedValue(PREFIX);
        return List.of(new SopsConfigDataResource(path, resource(path), keySettings(context.getBinder()),
                location.isOptional(), false));
    }

    @Override
    public List<SopsConfigDataResource> resolveProfileSpecific(ConfigDataLocationResolverContext context,
            ConfigDataLocation location, Profiles profiles) {
        String path = location.getNonPrefixedValue(PREFIX);
        List<SopsConfigDataResource> out = new ArrayList<>();
        for (String profile : profiles) {
            String profilePath = profilePath(path, profile);
            Resource r = resource(profilePath);
            if (r.exists()) {
                out.add(new SopsConfigDataResource(profilePath, r, keySettings(context.getBinder()), true, true));
            }
        }
        return out;
    }

    /** {@code dir/secrets.enc.yaml} with profile {@code prod} is {@code dir/secrets-prod.enc.yaml}. */
    static String profilePath(String path, String profile) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf(':'));
        int dot = path.indexOf('.', slash + 1);
        return dot < 0 ? path + "-" + profile : path.substring(0, dot) + "-" + profile + path.substring(dot);
    }

    private Resource resource(String path) {
        boolean hasScheme = path.startsWith("classpath:") || path.startsWith("file:");
        return resourceLoader.getResource(hasScheme ? path : "file:" + path);
    }

    private static Map<String, String> keySettings(Binder binder) {
        Map<String, String> settings = new LinkedHashMap<>();
        KEY_PROPERTIES.forEach((property, variable) ->
                binder.bind(property, String.class).ifBound(value -> settings.put(variable, value)));
        return settings;
    }
}
