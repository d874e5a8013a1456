package dev.sops4j.core.tree;

/** A value in a sops tree: a mapping, a sequence or a scalar. */
public sealed interface Node extends Element permits Mapping, Sequence, Scalar {
}
