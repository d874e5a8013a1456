package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.nexus.NexusGrants;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nexus revoke NAME [--spiffe-id REGEX]}: removes the SPIKE policies {@code nexus grant} wrote for a key. */
@Command(name = "revoke", description = "Remove the grants of one Nexus key (all, or the one for --spiffe-id).")
public final class NexusRevokeCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Logical key name, e.g. team-a/app.")
    String name;

    @Option(names = "--spiffe-id", paramLabel = "REGEX", description = "Only the grant for exactly this SPIFFE ID pattern.")
    String spiffeId;

    public NexusRevokeCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        try (NexusGrants grants = NexusGrants.fromEnvironment(ctx.env())) {
            List<NexusGrants.Grant> removed = grants.revoke(name, Optional.ofNullable(spiffeId));
            if (removed.isEmpty()) {
                throw new UsageException("Error: no grant of nexus key " + name
                        + (spiffeId == null ? "" : " for SPIFFE ID pattern " + spiffeId) + " to revoke");
            }
            for (NexusGrants.Grant g : removed) {
                ctx.out().println("revoked " + String.join(",", g.permissions()) + " on nexus key " + g.key()
                        + " from SPIFFE IDs matching " + g.spiffeIdPattern() + " (SPIKE policy '" + g.policyName()
                        + "')");
            }
            ctx.out().flush();
        }
        return 0;
    }
}
