package dev.sops4j.core.keys.age.plugin;

import com.exceptionfactory.jagged.RecipientStanza;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** One stanza of the age plugin protocol (the age header stanza format): {@code -> type args...}, then the body. */
public record PluginStanza(String type, List<String> args, byte[] body) implements RecipientStanza {
    private static final int COLUMNS = 64;
    private static final int MAX_LINE = 1 << 16;

    public PluginStanza {
        args = List.copyOf(args);
        body = body.clone();
    }

    static PluginStanza of(String type, String... args) {
        return new PluginStanza(type, List.of(args), new byte[0]);
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public List<String> getArguments() {
        return args;
    }

    @Override
    public byte[] getBody() {
        return body.clone();
    }

    void write(OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder("-> ").append(type);
        for (String a : args) {
            sb.append(' ').append(a);
        }
        sb.append('\n');
        String b64 = Base64.getEncoder().withoutPadding().encodeToString(body);
        int i = 0;
        for (; i + COLUMNS <= b64.length(); i += COLUMNS) {
            sb.append(b64, i, i + COLUMNS).append('\n');
        }
        sb.append(b64.substring(i)).append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one stanza; {@code null} at end of stream before a stanza starts. */
    static PluginStanza read(InputStream in) throws IOException {
        String first = line(in);
        if (first == null) {
            return null;
        }
        if (!first.startsWith("-> ")) {
            throw new IOException("malformed plugin stanza");
        }
        String[] parts = first.substring(3).split(" ", -1);
        if (parts[0].isEmpty()) {
            throw new IOException("malformed plugin stanza: empty type");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String l = line(in);
            if (l == null) {
                throw new IOException("plugin output ended inside a stanza");
            }
            try {
                body.writeBytes(Base64.getDecoder().decode(l));
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed plugin stanza body");
            }
            if (l.length() < COLUMNS) {
                break;
            }
        }
        List<String> args = new ArrayList<>(Arrays.asList(parts).subList(1, parts.length));
        return new PluginStanza(parts[0], args, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new IOException("plugin output ended inside a line");
            }
            if (buf.size() > MAX_LINE) {
                throw new IOException("plugin output line too long");
            }
            buf.write(c);
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }
}
