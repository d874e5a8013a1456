package dev.sops4j.core.keys.age;

import com.exceptionfactory.jagged.RecipientStanza;
import java.util.List;

/** One recipient stanza of an age header, as produced by our own stanza writers. */
record Stanza(String type, List<String> arguments, byte[] body) implements RecipientStanza {
    Stanza {
        arguments = List.copyOf(arguments);
        body = body.clone();
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public List<String> getArguments() {
        return arguments;
    }

    @Override
    public byte[] getBody() {
        return body.clone();
    }
}
