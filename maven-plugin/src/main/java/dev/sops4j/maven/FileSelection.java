package dev.sops4j.maven;

import dev.sops4j.core.env.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files a goal works on: glob {@code includes}/{@code excludes} under the base directory, or by default the
 * files the .sops.yaml creation rules match. Sorted, so builds are reproducible.
 */
final class FileSelection {
    private static final List<String> ALWAYS_EXCLUDED = List.of("target/**", ".git/**", "**/target/**");

    private final Path base;
    private final List<String> includes;
    private final List<String> excludes;
    private final Optional<Path> config;
    private final Environment env;

    FileSelection(Path base, List<String> includes, List<String> excludes, Optional<Path> config, Environment env) {
        this.base = base.toAbsolutePath().normalize();
        this.includes = includes == null ? List.of() : includes;
        this.excludes = excludes == null ? List.of() : excludes;
        this.config = config;
        this.env = env;
    }

    List<Path> select() {
        List<PathMatcher> inc = matchers(includes);
        List<String> ex = new ArrayList<>(ALWAYS_EXCLUDED);
        ex.addAll(excludes);
        List<PathMatcher> exc = matchers(ex);
        RuleMatcher rules = inc.isEmpty() ? RuleMatcher.load(base, config, env) : null;
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        Path rel = base.relativize(p);
                        if (matchesAny(exc, rel)) {
                            return false;
                        }
                        return rules == null ? matchesAny(inc, rel) : rules.matches(p);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) {
            String glob = g.trim();
            if (glob.isEmpty()) {
                continue;
            }
            out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            // "**/x" should also match "x" at the top level, as Ant-style patterns do.
            if (glob.startsWith("**/")) {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
            }
        }
        return out;
    }

    private static boolean matchesAny(List<PathMatcher> matchers, Path rel) {
        for (PathMatcher m : matchers) {
            if (m.matches(rel)) {
                return true;
            }
        }
        return false;
    }
}
