package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.nexus.NexusGrants;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nexus grants [NAME]}: lists the SPIKE policies {@code nexus grant} wrote (for one key or all). */
@Command(name = "grants", description = "List the grants of one Nexus key, or of all keys under the path prefix.")
public final class NexusGrantsCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Logical key name, e.g. team-a/app.")
    String name;

    public NexusGrantsCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        try (NexusGrants grants = NexusGrants.fromEnvironment(ctx.env())) {
            StringBuilder sb = new StringBuilder(String.format("%-24s %-11s %s%n", "KEY", "PERMISSIONS",
                    "SPIFFE ID PATTERN"));
            for (NexusGrants.Grant g : grants.grants(Optional.ofNullable(name))) {
                sb.append(String.format("%-24s %-11s %s%n", g.key(), String.join(",", g.permissions()),
                        g.spiffeIdPattern()));
            }
            ctx.out().print(sb);
            ctx.out().flush();
        }
        return 0;
    }
}
