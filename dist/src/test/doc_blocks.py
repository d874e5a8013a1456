#!/usr/bin/env python3
"""Turns the examples of a Markdown doc into shell scripts for test-dist.sh.

usage: doc_blocks.py DOC NAME [VERSION]
  The fenced block right after '<!-- test-dist: NAME -->' in DOC, with the doc's release version 0.1.0 replaced
  by VERSION. A sh block is printed as is. A GitHub Actions job (yaml with 'steps:') becomes a script that runs
  each 'run:' step in its own bash -e with the job's and the step's env (${{ secrets.X }} reads $X), adding
  GITHUB_PATH entries to PATH between steps, as a runner does; 'uses:' steps are skipped (the checkout is the
  working directory). A GitLab CI job becomes its variables, then before_script and script lines in one bash -e.
usage: doc_blocks.py DOC --install-lines
  Every CI line of DOC that downloads or installs the tarball (for the consistency check of the other docs).
"""
import re
import shlex
import sys

DOC_VERSION = "0.1.0"


def block(doc, name):
    text = open(doc, encoding="utf-8").read()
    m = re.search(r"<!-- test-dist: %s -->\s*```(\w+)\n(.*?)\n```" % re.escape(name), text, re.S)
    if not m:
        sys.exit("doc_blocks: no block '%s' in %s" % (name, doc))
    return m.group(1), m.group(2)


def secret(value):
    return re.sub(r"\$\{\{\s*secrets\.(\w+)\s*\}\}", r"${\1}", value)


def scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    return v


def github(lines):
    out = ["set -e", ': > "$GITHUB_PATH"']
    job_env, steps, cur, mode, indent = {}, [], None, None, 0
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        ind = len(line) - len(line.lstrip())
        if s.startswith("- ") and cur is not None or (s.startswith("- ") and mode == "steps"):
            cur = {"env": {}, "run": None}
            steps.append(cur)
            s = s[2:]
            mode = "steps"
        if s == "env:":
            mode, indent = ("step-env" if cur is not None else "job-env"), ind
        elif s == "steps:":
            mode = "steps"
        elif s.startswith("run: |") and cur is not None:
            body, j = [], i + 1
            base = None
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > ind):
                if base is None and lines[j].strip():
                    base = len(lines[j]) - len(lines[j].lstrip())
                body.append(lines[j][base or 0:])
                j += 1
            cur["run"] = "\n".join(body)
            i = j
            continue
        elif s.startswith("run:") and cur is not None:
            cur["run"] = s[4:].strip()
        elif mode in ("job-env", "step-env") and ind > indent and ":" in s:
            k, v = s.split(":", 1)
            (job_env if mode == "job-env" else cur["env"])[k.strip()] = secret(scalar(v))
        i += 1
    for k, v in job_env.items():
        out.append("export %s=%s" % (k, shlex.quote(v)))
    for n, st in enumerate(steps):
        if st["run"] is None:
            continue
        exports = "".join("export %s=\"%s\"; " % (k, v.replace('"', '\\"')) for k, v in st["env"].items())
        out.append('while IFS= read -r p; do PATH="$p:$PATH"; done < "$GITHUB_PATH"; : > "$GITHUB_PATH"')
        out.append("echo '--- step %d' >&2" % (n + 1))
        out.append("(%sbash --noprofile --norc -eo pipefail -c %s)" % (exports, shlex.quote(st["run"])))
    return "\n".join(out)


def gitlab(lines):
    out = ["set -e"]
    mode = None
    for line in lines:
        s = line.strip()
        if s in ("variables:", "before_script:", "script:"):
            mode = s[:-1]
            continue
        if re.match(r"^\s{2}\w[\w-]*:", line) and not line.startswith("    "):
            mode = None
        if mode == "variables" and ":" in s:
            k, v = s.split(":", 1)
            out.append("export %s=%s" % (k.strip(), shlex.quote(scalar(v))))
        elif mode in ("before_script", "script") and s.startswith("- "):
            out.append(s[2:])
    return "\n".join(out)


def main():
    doc, name = sys.argv[1], sys.argv[2]
    if name == "--install-lines":
        for line in open(doc, encoding="utf-8"):
            if "releases/download" in line or "install.sh\" --prefix" in line or "sops4j-${SOPS4J_VERSION}/bin" in line:
                print(line.strip())
        return
    version = sys.argv[3] if len(sys.argv) > 3 else DOC_VERSION
    lang, body = block(doc, name)
    body = body.replace(DOC_VERSION, version)
    lines = body.split("\n")
    if lang == "yaml" and any(l.strip() == "steps:" for l in lines):
        print(github(lines))
    elif lang == "yaml":
        print(gitlab(lines))
    else:
        print(body)


if __name__ == "__main__":
    main()
