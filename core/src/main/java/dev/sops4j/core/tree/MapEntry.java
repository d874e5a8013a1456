package dev.sops4j.core.tree;

/** An item of a mapping: a key/value pair or a comment standing between pairs. */
public sealed interface MapEntry permits Pair, Comment {
}
