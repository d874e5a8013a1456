package dev.sops4j.core.keys.age.plugin;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import dev.sops4j.core.keys.age.AgeIdentity;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * age plugins ({@code age1<name>1...} recipients, {@code AGE-PLUGIN-<NAME>-1...} identities): the binary
 * {@code age-plugin-<name>} is looked up in {@code searchPath} and run only when such a key is used.
 */
public final class Plugins {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789+-._";

    private final String searchPath;
    private final Duration timeout;
    private final PluginUi ui;

    public Plugins(String searchPath, Duration timeout, PluginUi ui) {
        this.searchPath = searchPath == null ? "" : searchPath;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    /** The plugin name of {@code age1<name>1...}, or {@code null} when it is not a plugin recipient. */
    public static String recipientPlugin(String recipient) {
        int sep = recipient.lastIndexOf('1');
        if (!recipient.startsWith("age1") || sep <= 4) {
            return null;
        }
        String name = recipient.substring(4, sep);
        return valid(name) ? name : null;
    }

    /** The plugin name of {@code AGE-PLUGIN-<NAME>-1...}, or {@code null}. */
    public static String identityPlugin(String identity) {
        int sep = identity.lastIndexOf('1');
        if (!identity.startsWith("AGE-PLUGIN-") || sep < 12 || identity.charAt(sep - 1) != '-') {
            return null;
        }
        String name = identity.substring(11, sep - 1).toLowerCase(Locale.ROOT);
        return valid(name) ? name : null;
    }

    private static boolean valid(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> NAME_CHARS.indexOf(c) >= 0);
    }

    public RecipientStanzaWriter recipient(String recipient) throws GeneralSecurityException {
        String name = recipientPlugin(recipient);
        if (name == null) {
            throw new GeneralSecurityException("not an age plugin recipient");
        }
        return fileKey -> wrap(name, recipient, fileKey);
    }

    public AgeIdentity identity(String identity) throws GeneralSecurityException {
        String name = identityPlugin(identity);
        if (name == null) {
            throw new GeneralSecurityException("malformed age plugin identity");
        }
        return stanzas -> unwrap(name, identity, stanzas);
    }

    /** recipient-v1: one recipient, one file key; the plugin answers with the stanzas to write. */
    private List<RecipientStanza> wrap(String name, String recipient, FileKey fileKey)
            throws GeneralSecurityException {
        try (PluginConnection c = PluginConnection.open(name, "recipient-v1", searchPath, timeout)) {
            c.send(PluginStanza.of("add-recipient", recipient));
            c.send(new PluginStanza("wrap-file-key", List.of(), fileKey.getEncoded()));
            c.send(PluginStanza.of("extension-labels"));
            c.send(PluginStanza.of("done"));
            List<RecipientStanza> out = new ArrayList<>();
            while (true) {
                PluginStanza s = c.receive();
                switch (s.type()) {
                    case "recipient-stanza" -> {
                        if (s.args().size() < 2 || !"0".equals(s.args().get(0))) {
                            throw new IOException("malformed recipient-stanza from the plugin");
                        }
                        out.add(new PluginStanza(s.args().get(1), s.args().subList(2, s.args().size()), s.body()));
                        c.send(PluginStanza.of("ok"));
                    }
                    case "labels" -> c.send(PluginStanza.of("ok"));
                    case "error" -> {
                        c.send(PluginStanza.of("ok"));
                        throw new IOException(oneLine(s.body()));
                    }
                    case "done" -> {
                        if (out.isEmpty()) {
                            throw new IOException("the plugin returned no recipient stanza");
                        }
                        return out;
                    }
                    default -> interact(name, c, s);
                }
            }
        } catch (IOException e) {
            throw new GeneralSecurityException("age plugin " + name + ": " + e.getMessage());
        }
    }

    /** identity-v1: the plugin gets every stanza and answers with the file key, or none when no stanza is its. */
    private FileKey unwrap(String name, String identity, List<RecipientStanza> stanzas)
            throws GeneralSecurityException {
        try (PluginConnection c = PluginConnection.open(name, "identity-v1", searchPath, timeout)) {
            c.send(PluginStanza.of("add-identity", identity));
            for (RecipientStanza rs : stanzas) {
                List<String> args = new ArrayList<>(List.of("0", rs.getType()));
                args.addAll(rs.getArguments());
                c.send(new PluginStanza("recipient-stanza", args, rs.getBody()));
            }
            c.send(PluginStanza.of("done"));
            byte[] key = null;
            while (true) {
                PluginStanza s = c.receive();
                switch (s.type()) {
                    case "file-key" -> {
                        if (s.args().size() != 1 || !"0".equals(s.args().get(0)) || key != null) {
                            throw new IOException("malformed file-key from the plugin");
                        }
                        key = s.body();
                        c.send(PluginStanza.of("ok"));
                    }
                    case "error" -> {
                        c.send(PluginStanza.of("ok"));
                        throw new IOException(oneLine(s.body()));
                    }
                    case "done" -> {
                        return key == null ? null : new FileKey(key);
                    }
                    default -> interact(name, c, s);
                }
            }
        } catch (IOException e) {
            throw new GeneralSecurityException("age plugin " + name + ": " + e.getMessage());
        }
    }

    /** msg, request-public, request-secret, confirm; anything else is answered "unsupported". */
    private void interact(String name, PluginConnection c, PluginStanza s) throws IOException {
        String text = new String(s.body(), java.nio.charset.StandardCharsets.UTF_8);
        switch (s.type()) {
            case "msg" -> {
                ui.message(name, text);
                c.send(PluginStanza.of("ok"));
            }
            case "request-public", "request-secret" -> {
                String value = ui.request(name, text, s.type().equals("request-secret"));
                c.send(new PluginStanza("ok", List.of(), value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            case "confirm" -> {
                if (s.args().isEmpty() || s.args().size() > 2) {
                    throw new IOException("malformed confirm from the plugin");
                }
                java.util.Base64.Decoder d = java.util.Base64.getDecoder();
                String yes = new String(d.decode(s.args().get(0)), java.nio.charset.StandardCharsets.UTF_8);
                String no = s.args().size() == 2
                        ? new String(d.decode(s.args().get(1)), java.nio.charset.StandardCharsets.UTF_8) : "";
                c.send(PluginStanza.of("ok", ui.confirm(name, text, yes, no) ? "yes" : "no"));
            }
            default -> c.send(PluginStanza.of("unsupported"));
        }
    }

    private static String oneLine(byte[] body) {
        String s = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? "the plugin reported an error" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
