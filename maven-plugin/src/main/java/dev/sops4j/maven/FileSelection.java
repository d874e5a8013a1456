package dev.sops4j.maven;

import dev.sops4j.core.config.CreationRule;
import dev.sops4j.core.config.SopsConfig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a goal works on: glob {@code includes}/{@code excludes} relative to the base directory, or by default
 * the files a .sops.yaml creation rule with a {@code path_regex} matches. A catch-all rule (no {@code path_regex})
 * selects nothing, or every file of the project (pom.xml included) would count as a secret. Build output,
 * {@code .git}, the given directories (a goal's own output) and nested Maven projects (directories with their own
 * {@code pom.xml}: modules run the goal themselves) are never selected. Sorted, so builds are reproducible.
 */
final class FileSelection {
    private final Path base;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private final List<Path> excludedDirectories;
    private final Optional<SopsConfig> rules;

    FileSelection(Path base, List<String> includes, List<String> excludes, List<Path> excludedDirectories,
            Optional<SopsConfig> rules) {
        this.base = base.toAbsolutePath().normalize();
        this.includes = matchers(includes == null ? List.of() : includes);
        this.excludes = matchers(excludes == null ? List.of() : excludes);
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
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(base)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                boolean skipped = name.equals("target") || name.equals(".git")
                        || Files.isRegularFile(dir.resolve("pom.xml"));
                return skipped || excludedDirectory(dir) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && selected(file)) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return List.copyOf(out);
    }

    private boolean excludedDirectory(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        for (Path d : excludedDirectories) {
            if (abs.startsWith(d)) {
                return true;
            }
        }
        return false;
    }

    private boolean selected(Path file) {
        Path abs = file.toAbsolutePath().normalize();
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
