package dev.sops4j.keys.keyservice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.error.UsageException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.AzureKvKeyRef;
import dev.sops4j.core.keys.GcpKmsKeyRef;
import dev.sops4j.core.keys.HcVaultKeyRef;
import dev.sops4j.core.keys.HckmsKeyRef;
import dev.sops4j.core.keys.KeyRef;
import dev.sops4j.core.keys.KeyService;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.keys.KeySources;
import dev.sops4j.core.keys.KmsKeyRef;
import dev.sops4j.core.keys.NexusKeyRef;
import dev.sops4j.core.keys.PgpKeyRef;
import dev.sops4j.core.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client and server of this module against each other, over TCP and a unix socket, for every key type. */
class KeyServiceRoundTripTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    /** A key source for {@code type} that "wraps" by reversing the bytes and recording the key it was given. */
    private static <R extends KeyRef> KeySource<R> reversing(Class<R> type, List<KeyRef> seen) {
        return new KeySource<>() {
            @Override
            public Class<R> refType() {
                return type;
            }

            @Override
            @SuppressWarnings("unchecked")
            public R wrap(R ref, SecretBytes secret) {
                seen.add(ref);
                return (R) ref.withEnc(new StringBuilder(new String(secret.copy(), StandardCharsets.ISO_8859_1))
                        .reverse().toString());
            }

            @Override
            public SecretBytes unwrap(R ref) {
                seen.add(ref);
                if (ref.enc().equals("bad")) {
                    throw new KeySourceException("wrong key for " + ref.describe());
                }
                return SecretBytes.copyOf(new StringBuilder(ref.enc()).reverse().toString()
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        };
    }

    private static final List<KeyRef> KEYS = List.of(
            AgeKeyRef.of("age1recipient"),
            new PgpKeyRef("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", "", ""),
            new KmsKeyRef("arn:aws:kms:us-east-1:1:key/k", "arn:aws:iam::1:role/r", Map.of("app", "web"), "prof", "",
                    ""),
            new GcpKmsKeyRef("projects/p/locations/l/keyRings/r/cryptoKeys/k", "", ""),
            new AzureKvKeyRef("https://v.vault.azure.net", "k", "0123", "", ""),
            new HcVaultKeyRef("http://127.0.0.1:8200", "transit", "k", "", ""),
            new HckmsKeyRef("cn-north-4:0000-1111", "", ""));

    private KeySources server(List<KeyRef> seen) {
        return KeySources.builder()
                .add(reversing(AgeKeyRef.class, seen)).add(reversing(PgpKeyRef.class, seen))
                .add(reversing(KmsKeyRef.class, seen)).add(reversing(GcpKmsKeyRef.class, seen))
                .add(reversing(AzureKvKeyRef.class, seen)).add(reversing(HcVaultKeyRef.class, seen))
                .add(reversing(HckmsKeyRef.class, seen)).build();
    }

    private void roundTrip(String network, String address) {
        List<KeyRef> seen = new ArrayList<>();
        try (KeyServiceServer server = KeyServiceServer.start(network, address, server(seen), log::add)) {
            KeyService client = KeyServiceClients.connect(List.of(server.listening())).get(0);
            byte[] dataKey = new byte[32];
            for (int i = 0; i < 32; i++) {
                dataKey[i] = (byte) (200 + i);
            }
            for (KeyRef key : KEYS) {
                seen.clear();
                KeyRef wrapped = client.wrap(key, SecretBytes.copyOf(dataKey));
                assertEquals(key.withEnc(""), seen.get(0), "the server sees the key the client named");
                assertEquals(key.withEnc(wrapped.enc()), wrapped);
                try (SecretBytes back = client.unwrap(wrapped)) {
                    assertArrayEquals(dataKey, back.copy());
                }
                assertEquals(wrapped, seen.get(1), "enc travels as the file stores it");
            }
            KeySourceException e = assertThrows(KeySourceException.class,
                    () -> client.unwrap(AgeKeyRef.of("age1recipient").withEnc("bad")));
            assertEquals("key service " + server.listening() + ": UNKNOWN: wrong key for age1recipient",
                    e.getMessage());
        }
        assertTrue(log.contains("decrypt with age age1recipient: ok"), log.toString());
        assertTrue(log.contains("decrypt failed: wrong key for age1recipient"), log.toString());
    }

    @Test
    void everyKeyTypeOverTcp() {
        roundTrip("tcp", "127.0.0.1:0");
    }

    @Test
    void everyKeyTypeOverAUnixSocket() {
        roundTrip("unix", dir.resolve("ks.sock").toString());
    }

    @Test
    void nexusKeysCannotTravel() {
        KeyService client = KeyServiceClients.connect(List.of("tcp://127.0.0.1:1")).get(0);
        KeyRef nexus = new NexusKeyRef("app", "", "");
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> client.wrap(nexus, SecretBytes.copyOf(new byte[32])));
        assertEquals("nexus keys cannot go through a key service (sops' protocol has no such key type)",
                e.getMessage());
    }

    @Test
    void anUnreachableServiceNamesItsAddressAndEncryptExitsOne() {
        KeyService client = KeyServiceClients.connect(List.of("tcp://127.0.0.1:1")).get(0);
        KeySourceException e = assertThrows(KeySourceException.class,
                () -> client.wrap(AgeKeyRef.of("age1x"), SecretBytes.copyOf(new byte[32])));
        assertEquals(ExitCode.GENERIC, e.exitCode());
        assertTrue(e.getMessage().startsWith("could not encrypt data key with age key age1x through key service"
                + " tcp://127.0.0.1:1: UNAVAILABLE"), e.getMessage());
        KeySourceException d = assertThrows(KeySourceException.class,
                () -> client.unwrap(AgeKeyRef.of("age1x").withEnc("x")));
        assertEquals(ExitCode.COULD_NOT_RETRIEVE_KEY, d.exitCode());
    }

    @Test
    void addressesNeedAScheme() {
        UsageException e = assertThrows(UsageException.class,
                () -> KeyServiceClients.connect(List.of("localhost:5000")));
        assertEquals("Error: invalid key service address 'localhost:5000' (expected tcp://host:port or unix:///path)",
                e.getMessage());
        assertThrows(UsageException.class, () -> KeyServiceClients.connect(List.of("udp://x:1")));
    }

    @Test
    void aUnixSocketAlreadyThereIsNeverTakenOver() throws Exception {
        Path socket = java.nio.file.Files.createFile(dir.resolve("taken.sock"));
        UsageException e = assertThrows(UsageException.class,
                () -> KeyServiceServer.start("unix", socket.toString(), KeySources.builder().build(), log::add));
        assertEquals("Error: cannot listen on unix://" + socket + ": address already in use (remove " + socket
                + " if no key service runs there)", e.getMessage());
        assertTrue(java.nio.file.Files.exists(socket));
    }

    @Test
    void closingRemovesTheUnixSocket() {
        Path socket = dir.resolve("gone.sock");
        try (KeyServiceServer server = KeyServiceServer.start("unix", socket.toString(), KeySources.builder().build(),
                log::add)) {
            assertTrue(java.nio.file.Files.exists(socket));
        }
        assertTrue(!java.nio.file.Files.exists(socket));
    }
}
