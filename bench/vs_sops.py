#!/usr/bin/env python3
"""sops4j against the real sops 3.13.2, interleaved, on the same age files; prints medians and ratios.

usage: python3 bench/vs_sops.py [--runs N] [--batch-runs N] [--cases a,b,...] [--java-opts '...'] [--launcher PATH] [--doc]

Needs ../shared/tools/sops-3.13.2-linux-amd64.xz and age-keygen; exits 2 with a message when either is missing.
Cases (each run times sops, then sops4j, on the same input, so both see the same machine load):
  yaml-decrypt / yaml-encrypt   a 100,000-value YAML file (1,000 x 100), decrypt to stdout / encrypt to stdout
  json-decrypt / json-encrypt   the same 100,000 values as JSON
  bin-decrypt / bin-encrypt     a 20 MB binary file (random bytes)
  batch-200 / batch-2000        N small JSON files decrypted in place: ONE `sops4j decrypt -i` against a shell loop
                                of `sops decrypt -i` (files re-copied before every run, outside the timing)
Wall time is measured by this script (process start to exit); peak RSS is /usr/bin/time's %M (for the sops loop:
the largest of its processes). The load average is printed before and after. --java-opts sets SOPS4J_JAVA_OPTS
(flags appended to the launcher's), to compare JVM settings in the same run. --launcher runs another sops4j launcher
than the clone's ./sops4j, e.g. the bin/sops4j of an unpacked release tarball (what users install). --doc rewrites the section between
the "bench/vs_sops.py" markers of docs/performance.md.
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "sops4j")
SOPS_XZ = os.path.join(ROOT, "..", "shared", "tools", "sops-3.13.2-linux-amd64.xz")
ALL = ["yaml-decrypt", "yaml-encrypt", "json-decrypt", "json-encrypt", "bin-decrypt", "bin-encrypt",
       "batch-200", "batch-2000"]
GOAL = {"batch-200": 0.25, "batch-2000": 0.25}


def timed(args, cwd, env, stdout=subprocess.DEVNULL):
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *args], cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(args[:3]), p.stderr.decode()[-300:]))
    return dt, int(re.findall(r"(\d+)\s*$", p.stderr.decode())[0])


def write_inputs(work):
    with open(os.path.join(work, "big.yaml"), "w") as f:
        for g in range(1000):
            f.write("group%04d:\n" % g)
            for i in range(100):
                f.write("    key%03d: value-%d-%d\n" % (i, g, i))
    with open(os.path.join(work, "big.json"), "w") as f:
        f.write("{\n")
        for g in range(1000):
            f.write('    "group%04d": {\n' % g)
            f.write(",\n".join('        "key%03d": "value-%d-%d"' % (i, g, i) for i in range(100)))
            f.write("\n    }%s\n" % ("," if g < 999 else ""))
        f.write("}\n")
    with open(os.path.join(work, "big.bin"), "wb") as f:
        f.write(random.Random(7).randbytes(20 * 1024 * 1024))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batch-runs", type=int, default=2)
    ap.add_argument("--cases", default=",".join(ALL))
    ap.add_argument("--java-opts", default="")
    ap.add_argument("--launcher", default=LAUNCHER)
    ap.add_argument("--doc", action="store_true")
    ns = ap.parse_args()
    if not os.path.exists(SOPS_XZ) or not shutil.which("age-keygen"):
        print("vs_sops: needs %s and age-keygen; skipped" % SOPS_XZ, file=sys.stderr)
        sys.exit(2)
    cases = [c for c in ns.cases.split(",") if c]
    launcher = os.path.abspath(ns.launcher)
    work = tempfile.mkdtemp(prefix="sops4j-vs-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work, "SOPS_AGE_KEY_FILE": work + "/key.txt"}
    if ns.java_opts:
        env["SOPS4J_JAVA_OPTS"] = ns.java_opts
    load0 = os.getloadavg()
    results = {}
    try:
        sops = os.path.join(work, "sops")
        with open(sops, "wb") as out:
            subprocess.run(["xz", "-dc", SOPS_XZ], stdout=out, check=True)
        os.chmod(sops, 0o755)
        subprocess.run([launcher, "--version"], check=True, stdout=subprocess.DEVNULL, env=env)
        subprocess.run(["age-keygen", "-o", env["SOPS_AGE_KEY_FILE"]], check=True, stderr=subprocess.DEVNULL)
        with open(env["SOPS_AGE_KEY_FILE"]) as f:
            recipient = re.search(r"public key: (age1\w+)", f.read()).group(1)
        write_inputs(work)
        for ext in ("yaml", "json", "bin"):   # the decrypt inputs: written by the real sops
            with open(os.path.join(work, "big.enc." + ext), "wb") as out:
                subprocess.run([sops, "encrypt", "--age", recipient, "big." + ext], cwd=work, env=env,
                               stdout=out, check=True)

        def pair(label, sops_args, sops4j_args, prepare=None, runs=ns.runs):
            s, j = [], []
            try:
                for _ in range(runs):
                    if prepare:
                        prepare()
                    s.append(timed(sops_args, work, env))
                    if prepare:
                        prepare()
                    j.append(timed(sops4j_args, work, env))
            except RuntimeError as e:
                results[label] = str(e).splitlines()[0][:200]
                print(label, results[label], file=sys.stderr)
                return
            results[label] = (statistics.median(x[0] for x in s), max(x[1] for x in s),
                              statistics.median(x[0] for x in j), max(x[1] for x in j))
            print(row(label, results[label]), file=sys.stderr)

        for label in cases:
            kind, op = label.split("-")
            if kind in ("yaml", "json", "bin"):
                f = ("big.enc." if op == "decrypt" else "big.") + kind
                extra = [] if op == "decrypt" else ["--age", recipient]
                pair(label, [sops, op, *extra, f], [launcher, op, *extra, f])
            else:
                n = int(op)
                src, dst = os.path.join(work, "src%d" % n), os.path.join(work, "dst%d" % n)
                os.mkdir(src)
                names = ["f%04d.json" % i for i in range(n)]
                for i, name in enumerate(names):
                    with open(os.path.join(src, name), "w") as f:
                        f.write('{"user": "u%d", "password": "p%d", "port": %d}\n' % (i, i, i))
                subprocess.run([launcher, "encrypt", "-i", "--age", recipient, *names], cwd=src, env=env, check=True)

                def fresh():
                    shutil.rmtree(dst, ignore_errors=True)
                    shutil.copytree(src, dst)
                loop = 'for f in "$@"; do "%s" decrypt -i "$f" || exit 1; done' % sops
                paths = [os.path.join(dst, x) for x in names]
                pair(label, ["sh", "-c", loop, "sh", *paths], [launcher, "decrypt", "-i", *paths], fresh,
                     ns.batch_runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load1 = os.getloadavg()
    report(results, cases, ns, load0, load1)


def row(label, r):
    if isinstance(r, str):
        return "| %s | failed: %s | | | | | | |" % (label, r)
    sw, sm, jw, jm = r
    goal = GOAL.get(label, 0.33)
    ok = "yes" if jw / sw <= goal and (label.startswith("batch") or jm / sm <= 0.5) else "no"
    return "| %s | %.0f ms | %.0f MB | %.0f ms | %.0f MB | **%.2f×** | **%.2f×** | %s |" % (
        label, sw * 1000, sm / 1024, jw * 1000, jm / 1024, jw / sw, jm / sm, ok)


def report(results, cases, ns, load0, load1):
    head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE).stdout
    opts = (" --java-opts '%s'" % ns.java_opts) if ns.java_opts else ""
    if os.path.abspath(ns.launcher) != LAUNCHER:
        # the unpacked release's own directory name, not the temporary directory it was unpacked in
        launcher = os.path.abspath(ns.launcher)
        opts += " --launcher …/%s" % os.path.relpath(launcher, os.path.dirname(os.path.dirname(os.path.dirname(launcher))))
    lines = ["Generated by `python3 bench/vs_sops.py --runs %d --batch-runs %d%s` at commit `%s`, %s; load average"
             % (ns.runs, ns.batch_runs, opts,
                head.decode().strip(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())),
             "%.1f / %.1f / %.1f before, %.1f / %.1f / %.1f after (%d cores, shared)." % (*load0, *load1,
                                                                                          os.cpu_count() or 0),
             "", "| case | sops wall | sops RSS | sops4j wall | sops4j RSS | wall ratio | RSS ratio | goal met |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [row(c, results[c]) for c in cases if c in results]
    lines.append("")
    lines.append("Goals: wall <= 0.33x and RSS <= 0.5x for the 100k-value and 20 MB cases; wall <= 0.25x for batches.")
    print("\n".join(lines))
    if ns.doc:
        path = os.path.join(ROOT, "docs", "performance.md")
        with open(path) as f:
            text = f.read()
        begin, end = "<!-- bench/vs_sops.py: begin generated section -->", "<!-- bench/vs_sops.py: end generated section -->"
        section = begin + "\n" + "\n".join(lines) + "\n" + end
        if begin in text and end in text:
            text = text.split(begin)[0] + section + text.split(end, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n## Against sops 3.13.2 (issue #18)\n\n" + section + "\n"
        with open(path, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
