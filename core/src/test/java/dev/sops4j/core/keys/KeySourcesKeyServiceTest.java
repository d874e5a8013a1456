package dev.sops4j.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order sops uses: local sources first (unless disabled), then each key service; the first success wins. */
class KeySourcesKeyServiceTest {
    private final List<String> calls = new ArrayList<>();
    private static final AgeKeyRef REF = new AgeKeyRef("age1test", "wrapped");

    private KeySource<AgeKeyRef> local(boolean works) {
        return new KeySource<>() {
            @Override
            public Class<AgeKeyRef> refType() {
                return AgeKeyRef.class;
            }

            @Override
            public AgeKeyRef wrap(AgeKeyRef ref, SecretBytes secret) {
                calls.add("local wrap");
                if (!works) {
                    throw new KeySourceException(KeySourceException.Kind.NO_IDENTITIES, "no local key");
                }
                return ref.withEnc("by-local");
            }

            @Override
            public SecretBytes unwrap(AgeKeyRef ref) {
                calls.add("local unwrap");
                if (!works) {
                    throw new KeySourceException(KeySourceException.Kind.NO_IDENTITIES, "no local key");
                }
                return SecretBytes.copyOf("local".getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private KeyService remote(String name, boolean works) {
        return new KeyService() {
            @Override
            public String address() {
                return name;
            }

            @Override
            public KeyRef wrap(KeyRef ref, SecretBytes secret) {
                calls.add(name + " wrap");
                if (!works) {
                    throw new KeySourceException(ExitCode.GENERIC, name + " down", null);
                }
                return ref.withEnc("by-" + name);
            }

            @Override
            public SecretBytes unwrap(KeyRef ref) {
                calls.add(name + " unwrap");
                if (!works) {
                    throw new KeySourceException(name + " down");
                }
                return SecretBytes.copyOf(name.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @Test
    void localFirstThenEachServiceInOrder() {
        KeySources s = KeySources.builder().add(local(false)).keyService(remote("a", false))
                .keyService(remote("b", true)).keyService(remote("c", true)).build();
        try (SecretBytes k = s.unwrap(REF)) {
            assertArrayEquals("b".getBytes(StandardCharsets.UTF_8), k.copy());
        }
        assertEquals(List.of("local unwrap", "a unwrap", "b unwrap"), calls);
        calls.clear();
        assertEquals("by-b", s.wrap(REF, SecretBytes.copyOf(new byte[32])).enc());
        assertEquals(List.of("local wrap", "a wrap", "b wrap"), calls);
    }

    @Test
    void aWorkingLocalKeyNeverReachesTheServices() {
        KeySources s = KeySources.builder().add(local(true)).keyService(remote("a", true)).build();
        assertEquals("by-local", s.wrap(REF, SecretBytes.copyOf(new byte[32])).enc());
        assertEquals(List.of("local wrap"), calls);
    }

    @Test
    void disabledLocalSkipsTheLocalSources() {
        KeySources s = KeySources.builder().add(local(true)).localKeySources(false)
                .keyService(remote("a", true)).build();
        assertEquals("by-a", s.wrap(REF, SecretBytes.copyOf(new byte[32])).enc());
        assertEquals(List.of("a wrap"), calls);
    }

    @Test
    void allFailingJoinsEveryErrorKeepingTheLocalKind() {
        KeySources s = KeySources.builder().add(local(false)).keyService(remote("a", false))
                .keyService(remote("b", false)).build();
        KeySourceException e = assertThrows(KeySourceException.class, () -> s.unwrap(REF));
        assertEquals("no local key; a down; b down", e.getMessage());
        assertEquals(KeySourceException.Kind.NO_IDENTITIES, e.kind());
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, e.exitCode());
        KeySourceException w = assertThrows(KeySourceException.class,
                () -> s.wrap(REF, SecretBytes.copyOf(new byte[32])));
        assertEquals(ExitCode.GENERIC, w.exitCode());
    }

    @Test
    void noLocalAndNoServiceIsAnError() {
        KeySources s = KeySources.builder().add(local(true)).localKeySources(false).build();
        KeySourceException e = assertThrows(KeySourceException.class, () -> s.unwrap(REF));
        assertEquals("no key service to use for age key age1test: the local one is disabled and no --keyservice is"
                + " given", e.getMessage());
        assertEquals(List.of(), calls);
    }
}
