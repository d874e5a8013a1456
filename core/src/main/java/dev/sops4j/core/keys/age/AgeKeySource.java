package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import dev.sops4j.core.env.Environment;
import dev.sops4j.core.error.KeySourceException;
import dev.sops4j.core.keys.AgeKeyRef;
import dev.sops4j.core.keys.KeySource;
import dev.sops4j.core.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * age master keys: wraps the data key as an ASCII-armored age file for the ref's recipient ({@code age1...} X25519,
 * {@code ssh-ed25519 ...}, {@code ssh-rsa ...}) and unwraps it with the identities sops would find in the
 * environment. Identities are discovered once per instance, on first unwrap.
 */
public final class AgeKeySource implements KeySource<AgeKeyRef> {
    private static final int MAX_RECIPIENT_IN_MESSAGE = 800;
    private static final int SHORTENED_RECIPIENT = 72;

    private final Environment env;
    private final PassphraseProvider passphrases;
    private final SecureRandom random = new SecureRandom();
    private volatile IdentityLoader.Loaded loaded;

    public AgeKeySource(Environment env) {
        this(env, PassphraseProvider.terminal());
    }

    /** @param passphrases asked for the passphrase of passphrase-protected identity files, only when needed */
    public AgeKeySource(Environment env, PassphraseProvider passphrases) {
        this.env = Objects.requireNonNull(env, "env");
        this.passphrases = Objects.requireNonNull(passphrases, "passphrases");
    }

    @Override
    public Class<AgeKeyRef> refType() {
        return AgeKeyRef.class;
    }

    @Override
    public AgeKeyRef wrap(AgeKeyRef ref, SecretBytes secret) {
        RecipientStanzaWriter writer;
        try {
            writer = AgeRecipients.parse(ref.recipient(), random, PluginSupport.from(env));
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("failed to parse age recipient " + shown(ref) + ": " + e.getMessage());
        }
        byte[] plain = secret.copy();
        try {
            return ref.withEnc(AgeFiles.encryptArmored(plain, List.of(writer)));
        } catch (GeneralSecurityException | IOException e) {
            throw new KeySourceException("failed to encrypt data key with age for recipient " + shown(ref) + ": "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public SecretBytes unwrap(AgeKeyRef ref) {
        if (ref.enc().isBlank()) {
            throw new KeySourceException("age key for recipient " + shown(ref) + " has no encrypted data key");
        }
        IdentityLoader.Loaded ids = identities();
        if (ids.count() == 0) {
            if (!ids.errors().isEmpty()) {
                // a key file that was named but could not be read is the likeliest cause: say it first
                throw new KeySourceException(KeySourceException.Kind.KEY_FILE_UNREADABLE,
                        oneLine(String.join("; ", ids.errors())) + "; no age identity available for recipient "
                                + shown(ref) + ": none found in " + String.join(", ", ids.empty()));
            }
            throw new KeySourceException(KeySourceException.Kind.NO_IDENTITIES, "no age identity available for"
                    + " recipient " + shown(ref) + ": none found in " + String.join(", ", ids.empty()));
        }
        List<AgeIdentity> all = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (IdentityLoader.Source source : ids.sources()) {
            for (AgeIdentity id : source.identities()) {
                all.add(id);
                labels.add(source.label());
            }
        }
        StanzaReader reader = new StanzaReader(all, labels);
        try {
            return SecretBytes.wrap(AgeFiles.decrypt(ref.enc().getBytes(StandardCharsets.UTF_8), reader));
        } catch (GeneralSecurityException | IOException e) {
            List<String> problems = new ArrayList<>(ids.errors());
            problems.addAll(reader.failures());
            if (EncryptedIdentityFile.hasCause(e, StanzaReader.NoMatchException.class)) {
                int n = ids.count();
                List<String> from = ids.sources().stream().map(IdentityLoader.Source::label).toList();
                throw new KeySourceException(KeySourceException.Kind.WRONG_KEY, "no age identity matches recipient "
                        + shown(ref) + ": tried " + n + (n == 1 ? " identity" : " identities") + " from "
                        + String.join(", ", from) + suffix(problems));
            }
            throw new KeySourceException("failed to decrypt age data key for recipient " + shown(ref) + ": "
                    + reason(e) + suffix(problems), e);
        }
    }

    /** jagged's messages name internals (chunk counters); say what it means for the enc field instead. */
    private static String reason(Exception e) {
        if (e instanceof com.exceptionfactory.jagged.PayloadException) {
            return "payload authentication failed (enc is corrupt or truncated)";
        }
        if (e instanceof com.exceptionfactory.jagged.framework.armor.ArmoredDecodingException) {
            return "malformed armor: " + oneLine(e.getMessage());
        }
        if (e instanceof java.security.SignatureException) {
            return "header MAC mismatch (enc is corrupt)";
        }
        return oneLine(e.getMessage());
    }

    private IdentityLoader.Loaded identities() {
        IdentityLoader.Loaded result = loaded;
        if (result == null) {
            synchronized (this) {
                result = loaded;
                if (result == null) {
                    result = IdentityLoader.load(env, passphrases);
                    loaded = result;
                }
            }
        }
        return result;
    }

    private static String suffix(List<String> problems) {
        return problems.isEmpty() ? "" : "; " + oneLine(String.join("; ", problems));
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replace('\n', ' ').replace('\r', ' ');
    }

    /** Recipients are public and shown whole (even 4096-bit ssh-rsa), but post-quantum ones run to ~2000 characters. */
    private static String shown(AgeKeyRef ref) {
        String r = ref.recipient().strip();
        return r.length() <= MAX_RECIPIENT_IN_MESSAGE ? r : r.substring(0, SHORTENED_RECIPIENT) + "...";
    }
}
