/**
 * The compatibility suite: every real sops file in {@code ../shared} (sops-vectors, conformance fixtures) decrypted
 * with real key sources, byte-identical re-encryption per store, sops' {@code set} minimal diffs, key groups,
 * interop with the independent npm decoder {@code sops-age}, and round-trip properties per store.
 *
 * <p>Discrepancies found in code owned elsewhere are checked through {@link dev.sops4j.core.compat.KnownBugs}: they
 * show as skipped with the bug's description, pass on their own once fixed, and fail for real with
 * {@code -Dsops4j.compat.knownBugs=fail}.
 */
package dev.sops4j.core.compat;
