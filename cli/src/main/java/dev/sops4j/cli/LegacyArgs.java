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

    static String[] rewrite(String[] args, Set<String> subcommands) {
        if (args.length == 0 || subcommands.contains(args[0]) || PASS_THROUGH.contains(args[0])) {
            return args;
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
}
