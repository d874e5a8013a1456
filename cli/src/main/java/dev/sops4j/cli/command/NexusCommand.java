package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.nexus.KeyAdminResult;
import dev.sops4j.nexus.KeyVersion;
import dev.sops4j.nexus.NexusKeyAdmin;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nexus key create|rotate|versions|disable|enable|destroy}: administers Nexus-held key-encryption keys. */
@Command(mixinStandardHelpOptions = true, name = "nexus", description = "Administer sops4j's SPIKE Nexus keys.", subcommands = {NexusCommand.Key.class, NexusGrantCommand.class, NexusRevokeCommand.class, NexusGrantsCommand.class})
public final class NexusCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("Error: use 'nexus key <create|rotate|versions|disable|enable|destroy> NAME'");
    }

    /** The key-lifecycle commands; each prints the keyset's versions afterwards. */
    @Command(name = "key", description = "Create, rotate, list, disable, enable or destroy a Nexus key.")
    public static final class Key extends BaseCommand {
        @Parameters(index = "0", paramLabel = "COMMAND", description = "create, rotate, versions, disable, enable or destroy")
        String action;

        @Parameters(index = "1", paramLabel = "NAME", description = "Logical key name, e.g. team-a/app.")
        String name;

        @Parameters(index = "2", arity = "0..1", paramLabel = "KEYID", description = "Key id (disable, enable, destroy).")
        Long keyId;

        public Key(CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run() {
            BiFunction<NexusKeyAdmin, String, KeyAdminResult> op = switch (action) {
                case "create" -> NexusKeyAdmin::create;
                case "rotate" -> NexusKeyAdmin::rotate;
                case "versions" -> NexusKeyAdmin::versions;
                case "disable" -> (a, n) -> a.disable(n, requireId());
                case "enable" -> (a, n) -> a.enable(n, requireId());
                case "destroy" -> (a, n) -> a.destroy(n, requireId());
                default -> throw new UsageException("Error: unknown nexus key command '" + action
                        + "': use create, rotate, versions, disable, enable or destroy");
            };
            if (keyId != null && (action.equals("create") || action.equals("rotate") || action.equals("versions"))) {
                throw new UsageException("Error: nexus key " + action + " takes only NAME");
            }
            try (NexusKeyAdmin admin = NexusKeyAdmin.fromEnvironment(ctx.env())) {
                print(op.apply(admin, name));
            }
            return 0;
        }

        private long requireId() {
            if (keyId == null) {
                throw new UsageException("Error: nexus key " + action + " needs NAME and KEYID");
            }
            return keyId;
        }

        private void print(KeyAdminResult r) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.name()).append(" (Nexus path ").append(r.path()).append(", secret version ")
                    .append(r.nexusVersion()).append(r.merged() ? ", merged with a concurrent change" : "")
                    .append(")\n");
            sb.append(String.format("%-12s %-9s %-7s %s%n", "KEY ID", "STATUS", "PRIMARY", "CREATED"));
            for (KeyVersion v : r.versions()) {
                sb.append(String.format("%-12s %-9s %-7s %s%n", Long.toUnsignedString(v.keyId()), v.status(),
                        v.primary() ? "yes" : "", v.createdAt()));
            }
            ctx.out().print(sb);
            ctx.out().flush();
        }
    }
}
