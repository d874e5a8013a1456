package dev.sops4j.core.store.ini;

import dev.sops4j.core.error.ExitCode;
import dev.sops4j.core.error.FormatException;
import dev.sops4j.core.error.MetadataException;
import dev.sops4j.core.store.EncryptedDocument;
import dev.sops4j.core.store.Format;
import dev.sops4j.core.store.Store;
import dev.sops4j.core.store.flatten.MetadataFlattener;
import dev.sops4j.core.store.flatten.ScalarText;
import dev.sops4j.core.store.ini.IniSection.IniKey;
import dev.sops4j.core.tree.Comment;
import dev.sops4j.core.tree.MapEntry;
import dev.sops4j.core.tree.Mapping;
import dev.sops4j.core.tree.Node;
import dev.sops4j.core.tree.Pair;
import dev.sops4j.core.tree.Scalar;
import dev.sops4j.core.tree.StrValue;
import java.util.ArrayList;
import java.util.List;

/**
 * sops' INI format (gopkg.in/ini.v1): every section, including the implicit {@code DEFAULT} one, is a top-level
 * key whose value is a mapping of string values. A section's own comment is its first item; a key's comment
 * follows the key. Metadata is a {@code [sops]} section of flattened keys without prefix, newlines written as
 * a literal {@code \n} (sops 3.13.2); the {@code """…"""} values of 3.13.0/3.13.1 read back the same.
 */
public final class IniStore implements Store {
    private static final String SOPS_KEY = "sops";

    public IniStore() {
    }

    @Override
    public Format format() {
        return Format.INI;
    }

    @Override
    public List<Mapping> parsePlain(byte[] input) {
        List<MapEntry> top = new ArrayList<>();
        for (IniSection sec : IniParser.parse(input)) {
            List<MapEntry> items = new ArrayList<>();
            if (!sec.comment.isEmpty()) {
                items.add(new Comment(stripMarker(sec.comment)));
            }
            for (IniKey k : sec.keys) {
                items.add(new Pair(k.name, new StrValue(k.value)));
                if (!k.comment.isEmpty()) {
                    items.add(new Comment(stripMarker(k.comment)));
                }
            }
            top.add(new Pair(sec.name, new Mapping(items)));
        }
        return List.of(new Mapping(top));
    }

    /** sops strips the leading run of marker characters and spaces of a comment's first line only. */
    private static String stripMarker(String comment) {
        if (comment.startsWith(";")) {
            return GoText.trimLeftChars(comment, "; ");
        }
        if (comment.startsWith("#")) {
            return GoText.trimLeftChars(comment, "# ");
        }
        return comment;
    }

    @Override
    public EncryptedDocument parseEncrypted(byte[] input) {
        Mapping all = parsePlain(input).get(0);
        Mapping section = null;
        List<MapEntry> data = new ArrayList<>();
        for (MapEntry e : all.entries()) {
            if (e instanceof Pair p && p.key().equals(SOPS_KEY)) {
                if (section != null) {
                    throw new MetadataException("Found duplicate sops entry");
                }
                section = (Mapping) p.value();
            } else {
                data.add(e);
            }
        }
        if (section == null) {
            throw new MetadataException(ExitCode.GENERIC, "sops metadata not found", null);
        }
        List<Pair> flat = new ArrayList<>();
        for (Pair p : section.pairs()) {
            String v = ((StrValue) p.value()).value();
            flat.add(new Pair(p.key(), new StrValue(v.replace("\\n", "\n"))));
        }
        return new EncryptedDocument(List.of(new Mapping(data)), MetadataFlattener.unflatten(flat));
    }

    @Override
    public byte[] emitPlain(List<Mapping> branches) {
        List<IniSection> sections = new ArrayList<>();
        for (Mapping branch : branches) {
            for (Pair p : branch.pairs()) {
                sections.add(toSection(p));
            }
        }
        return IniWriter.write(sections);
    }

    private static IniSection toSection(Pair p) {
        if (p.key().isEmpty()) {
            throw new FormatException("Error marshaling to ini: Error encoding section : empty section name");
        }
        if (!(p.value() instanceof Mapping items)) {
            throw new FormatException(
                    "Error marshaling to ini: Error encoding section: Section values should always be TreeBranches");
        }
        IniSection sec = new IniSection(p.key());
        List<MapEntry> entries = items.entries();
        int first = 0;
        if (!entries.isEmpty() && entries.get(0) instanceof Comment c) {
            sec.comment = c.text();
            first = 1;
        }
        IniKey last = null;
        for (MapEntry e : entries.subList(first, entries.size())) {
            if (e instanceof Comment c) {
                if (last != null) {
                    last.comment = c.text();
                }
                continue;
            }
            Pair kv = (Pair) e;
            if (kv.key().isEmpty()) {
                throw new FormatException(
                        "Error marshaling to ini: Error encoding key: error creating new key: empty key name");
            }
            if (!(kv.value() instanceof Scalar value)) {
                throw new FormatException("Error marshaling to ini: cannot use complex value in ini file; offending key "
                        + kv.key());
            }
            last = sec.newKey(kv.key(), ScalarText.of(value));
        }
        return sec;
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> branches, Mapping metadata) {
        List<MapEntry> flat = new ArrayList<>();
        for (Pair p : MetadataFlattener.flatten(metadata, "")) {
            flat.add(new Pair(p.key(), new StrValue(((StrValue) p.value()).value().replace("\n", "\\n"))));
        }
        Pair sops = new Pair(SOPS_KEY, new Mapping(flat));
        List<Mapping> withMetadata = new ArrayList<>(branches.size());
        for (Mapping branch : branches) {
            if (branch.containsKey(SOPS_KEY)) {
                throw new FormatException("Error marshaling metadata: Found key \"sops\" in encrypted data, "
                        + "which is a reserved key used for SOPS metadata");
            }
            List<MapEntry> entries = new ArrayList<>(branch.entries());
            entries.add(sops);
            withMetadata.add(new Mapping(entries));
        }
        return emitPlain(withMetadata);
    }

    @Override
    public byte[] emitValue(Node value) {
        return GoJson.encode(value);
    }

    @Override
    public boolean hasSopsMetadata(byte[] input) {
        return parsePlain(input).get(0).containsKey(SOPS_KEY);
    }
}
