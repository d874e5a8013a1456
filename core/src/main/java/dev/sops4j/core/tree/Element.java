package dev.sops4j.core.tree;

/** Anything that can stand in a sequence: a value node or a comment. */
public sealed interface Element permits Node, Comment {
}
