package dev.sops4j.cli.command;

import dev.sops4j.cli.CliContext;
import dev.sops4j.nexus.NexusGrants;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nexus grant NAME --spiffe-id REGEX --permissions read[,write]}: writes the SPIKE policy for one key. */
@Command(name = "grant", description = "Let workloads whose SPIFFE ID matches REGEX use one Nexus key (writes a SPIKE policy).")
public final class NexusGrantCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Logical key name, e.g. team-a/app.")
    String name;

    @Option(names = "--spiffe-id", required = true, paramLabel = "REGEX", description = "SPIFFE ID pattern (RE2), e.g. '^spiffe://spike\\.ist/workload/app$'.")
    String spiffeId;

    @Option(names = "--permissions", split = ",", defaultValue = "read", paramLabel = "PERM", description = "read and/or write (default read).")
    List<String> permissions;

    public NexusGrantCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        try (NexusGrants grants = NexusGrants.fromEnvironment(ctx.env())) {
            NexusGrants.Grant g = grants.grant(name, spiffeId, permissions);
            ctx.out().println("granted " + String.join(",", g.permissions()) + " on nexus key " + g.key()
                    + " to SPIFFE IDs matching " + g.spiffeIdPattern() + " (SPIKE policy '" + g.policyName() + "')");
            ctx.out().flush();
        }
        return 0;
    }
}
