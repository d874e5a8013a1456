package dev.sops4j.nexus;

import dev.sops4j.nexus.client.NexusClient;
import org.junit.jupiter.api.AfterEach;

class FakeNexusContractTest extends NexusContract {
    private final Testbed bed = new Testbed();

    FakeNexusContractTest() {
        bed.nexus.allow("contract", "^spiffe://spike\\.ist/workload/contract$", "^contract/", "read", "write");
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Override
    NexusClient writer() {
        return bed.client("spiffe://spike.ist/workload/contract");
    }

    @Override
    NexusClient admin() {
        return bed.client(Testbed.SUPERUSER);
    }

    @Override
    NexusClient stranger() {
        return bed.client(Testbed.INTRUDER);
    }

    @Override
    NexusClient expectingOtherRoot() {
        return NexusClient.create(bed.settings("other.example"), bed.pki.issue(Testbed.SUPERUSER).source(), false,
                bed.retry(1));
    }

    @Override
    String prefix() {
        return "contract/";
    }
}
