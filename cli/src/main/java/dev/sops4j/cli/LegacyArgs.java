package dev.sops4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * sops' pre-subcommand syntax ({@code sops -d file}, {@code sops -e -i file}, {@code sops --set '["a"] 1' file},
 * plain {@code sops file} = edit) rewritten to the subcommand form before parsing, so each mode has one
 * implementation.
 */
final class LegacyArgs {
    private static final Set<String> PASS_THROUGH = Set.of("-h", "--help", "-v", "--version", "-V");

    private LegacyArgs() {
    }

    /** sops' global flags, which may stand before the command name ({@code sops --verbose decrypt f}). */
    private static final Set<String> GLOBAL_FLAGS = Set.of("--verbose", "--disable-version-check", "--check-for-updates",
            "--enable-local-keyservice", "--strict-config");
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("--config", "--keyservice", "--decryption-order");

    static String[] rewrite(String[] args, Set<String> subcommands) {
        if (args.length == 0 || subcommands.contains(args[0]) || PASS_THROUGH.contains(args[0])) {
            return args;
        }
        String[] moved = moveGlobalFlags(args, subcommands);
        if (moved != null) {
            return moved;
        }
        String mode = "edit";
        String setSpec = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-d", "--decrypt" -> mode = "decrypt";
                case "-e", "--encrypt" -> mode = "encrypt";
                case "-r", "--rotate" -> mode = "rotate";
                case "--set" -> {
                    mode = "set";
                    setSpec = i + 1 < args.length ? args[++i] : "";
                }
                default -> {
                    if (a.startsWith("--set=")) {
                        mode = "set";
                        setSpec = a.substring("--set=".length());
                    } else {
                        rest.add(a);
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add(mode);
        if (setSpec != null) {
            // sops: '<path> <json value>', split at the first space after the path's closing bracket
            int split = setSpec.indexOf("] ");
            String path = split < 0 ? setSpec : setSpec.substring(0, split + 1);
            String value = split < 0 ? "" : setSpec.substring(split + 2);
            rest.remove("-i");
            rest.remove("--in-place");
            out.addAll(rest);
            out.add(path);
            out.add(value);
            return out.toArray(new String[0]);
        }
        out.addAll(rest);
        return out.toArray(new String[0]);
    }

    /** {@code --verbose decrypt f} becomes {@code decrypt --verbose f}; null when no command follows the flags. */
    private static String[] moveGlobalFlags(String[] args, Set<String> subcommands) {
        List<String> globals = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (GLOBAL_FLAGS.contains(name)) {
                globals.add(a);
                i++;
            } else if (GLOBAL_WITH_VALUE.contains(a) && i + 1 < args.length) {
                globals.add(a);
                globals.add(args[i + 1]);
                i += 2;
            } else if (GLOBAL_WITH_VALUE.contains(name)) {
                globals.add(a);
                i++;
            } else {
                break;
            }
        }
        if (globals.isEmpty() || i >= args.length || !subcommands.contains(args[i])) {
            return null;
        }
        List<String> out = new ArrayList<>();
        out.add(args[i]);
        out.addAll(globals);
        out.addAll(List.of(args).subList(i + 1, args.length));
        return out.toArray(new String[0]);
    }
}
