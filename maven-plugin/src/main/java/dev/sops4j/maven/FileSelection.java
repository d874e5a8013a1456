package dev.sops4j.maven;

import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files a goal works on: glob {@code includes}/{@code excludes} relative to the base directory, or by default
 * the files a .sops.yaml creation rule with a {@code path_regex} matches. A catch-all rule (no {@code path_regex})
 * selects nothing, or every file of the project (pom.xml included) would count as a secret. Build output,
 * {@code .git} and the given directories (a goal's own output) are never selected. Sorted, so builds are
 * reproducible.
 */
final class FileSelection {
    private static final List<String> ALWAYS_EXCLUDED = List.of("**/target/**", "**/.git/**");

    private final Path base;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private final List<Path> excludedDirectories;
    private final Optional<SopsConfig> rules;

    FileSelection(Path base, List<String> includes, List<String> excludes, List<Path> excludedDirectories,
            Optional<SopsConfig> rules) {
        this.base = base.toAbsolutePath().normalize();
        this.includes = matchers(includes == null ? List.of() : includes);
        List<String> ex = new ArrayList<>(ALWAYS_EXCLUDED);
        ex.addAll(excludes == null ? List.of() : excludes);
        this.excludes = matchers(ex);
        this.excludedDirectories = excludedDirectories.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.rules = rules;
    }

    /** Whether files come from {@code includes} (true) or from the creation rules (false). */
    boolean byPatterns() {
        return !includes.isEmpty();
    }

    List<Path> select() throws IOException {
        if (!Files.isDirectory(base)) {
            throw new IOException("not a directory: " + base);
        }
        if (!byPatterns() && rules.isEmpty()) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile).filter(this::selected).sorted().toList();
        }
    }

    private boolean selected(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Path dir : excludedDirectories) {
            if (abs.startsWith(dir)) {
                return false;
            }
        }
        Path rel = base.relativize(abs);
        if (matchesAny(excludes, rel)) {
            return false;
        }
        if (byPatterns()) {
            return matchesAny(includes, rel);
        }
        Optional<CreationRule> rule = rules.get().ruleFor(abs);
        return rule.isPresent() && rule.get().pathRegex().isPresent();
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) {
            String glob = g == null ? "" : g.trim();
            if (glob.isEmpty()) {
                continue;
            }
            out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            // Ant-style "**/x" also matches "x" at the top; java.nio's glob needs a separator before "x".
            while (glob.startsWith("**/")) {
                glob = glob.substring(3);
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
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
