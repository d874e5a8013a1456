#!/usr/bin/env python3
"""Prints the THIRD-PARTY licence list of the bundled jars.

usage: third_party.py DEPENDENCIES.txt
DEPENDENCIES.txt is maven-dependency-plugin:list output with absolute file names
(group:artifact:type[:classifier]:version:scope:/path/to/artifact.jar). Each artifact's licences come from its POM
beside the jar in the local repository, or from the nearest parent POM that declares them.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = re.compile(r"^\{[^}]*\}")


def strip(tag):
    return NS.sub("", tag)


def child(el, name):
    for c in el:
        if strip(c.tag) == name:
            return c
    return None


def text(el, name):
    c = child(el, name) if el is not None else None
    return c.text.strip() if c is not None and c.text else None


def licences(pom, repo, depth=0):
    if depth > 10 or not os.path.exists(pom):
        return [], None
    root = ET.parse(pom).getroot()
    name = text(root, "name")
    lic = child(root, "licenses")
    found = []
    if lic is not None:
        for l in lic:
            if strip(l.tag) == "license":
                found.append((text(l, "name") or "unnamed", text(l, "url") or ""))
    if found:
        return found, name
    parent = child(root, "parent")
    if parent is None:
        return [], name
    g, a, v = text(parent, "groupId"), text(parent, "artifactId"), text(parent, "version")
    parent_pom = os.path.join(repo, *g.split("."), a, v, "%s-%s.pom" % (a, v))
    inherited, _ = licences(parent_pom, repo, depth + 1)
    return inherited, name


def main(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.strip().split(" -- ")[0]
        parts = line.split(":")
        if len(parts) < 6 or not parts[-1].endswith(".jar"):
            continue
        g, a, version, jar = parts[0], parts[1], parts[-3], parts[-1]
        if g == "dev.sops4j":
            continue
        pom = jar[: -len(".jar")] + ".pom"
        pom = re.sub(r"-[^-/]*\.pom$", ".pom", pom) if not os.path.exists(pom) else pom
        rel = os.path.join(*g.split("."), a, version)
        repo = jar[: jar.index(rel)] if rel in jar else os.path.dirname(jar)
        found, name = licences(pom, repo)
        lic = "; ".join("%s <%s>" % (n, u) if u else n for n, u in found) or "see the jar's META-INF"
        rows.append("%s:%s:%s  %s\n    %s" % (g, a, version, "(" + name + ")" if name else "", lic))
    print("Third-party software bundled with sops4j, with the licences their Maven POMs declare.")
    print("Licence and notice files the jars themselves carry are in the folders beside this file; the Java")
    print("runtime's are in java-runtime/ (tarball only).")
    print()
    for r in sorted(set(rows)):
        print(r)


if __name__ == "__main__":
    main(sys.argv[1])
