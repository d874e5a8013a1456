package dev.sops4j.gateway.limits;

import java.time.Instant;

/** Token ids already spent on a replay-protected action: in this process, or shared by every replica. */
public interface ReplayStore {
    /**
     * Claims {@code id} until {@code keepUntil}.
     *
     * @return true the first time {@code id} is offered before {@code keepUntil}; false for a replay
     * @throws StateUnavailable when the shared store cannot be reached
     */
    boolean firstUse(String id, Instant keepUntil);
}
