#!/usr/bin/env python3
"""Start-up of a small decrypt: the installed release tarball next to the clone launcher and the real sops.

usage: python3 bench/startup.py [--runs N] [--tarball PATH] [--baseline PATH [--baseline-label TEXT]] [--record]

Builds nothing: it needs dist/target/sops4j-<version>-linux-x64.tar.gz (mvn -Pdist package), ./sops4j's build
(cli/target) and ../shared/tools/sops-3.13.2-linux-amd64.xz (skipped with a note when absent). The tarball is
installed with its install.sh into a temporary prefix. One age key (made by sops4j keygen) and one 6-value YAML
file; every variant decrypts it to stdout. Rounds are interleaved (each round runs every variant once, in a
rotating order) so that load changes hit all variants alike; one warm-up round first. Reports the median and
the 25th-75th percentile of wall time, the median CPU time (user + system) and the largest peak RSS.
--baseline adds a second installed tarball (e.g. a build before a change) to the same interleaved rounds.
--record rewrites the section between the "bench/startup.py: begin/end" markers of docs/performance.md.
"""
import argparse
import glob
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "performance.md")
BEGIN = "<!-- bench/startup.py: begin generated section -->"
END = "<!-- bench/startup.py: end generated section -->"
SMALL = "db:\n    user: admin\n    password: hunter2\n    port: 5432\napi:\n    token: t0k\n    enabled: true\nratio: 0.5\n"


def timed(args, env, cwd):
    t0 = time.perf_counter()
    p = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read()
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(args), err.decode()[-300:]))
    return dt, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def install(tarball, where, env):
    """Extracts a release tarball under where, installs it with its install.sh; returns the installed bin/sops4j."""
    os.mkdir(where)
    subprocess.run(["tar", "-xzf", tarball], cwd=where, check=True)
    release = glob.glob(os.path.join(where, "sops4j-*"))[0]
    prefix = os.path.join(where, "prefix")
    subprocess.run([os.path.join(release, "install.sh"), "--prefix", prefix], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(prefix, "bin", "sops4j")


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--tarball")
    ap.add_argument("--baseline")
    ap.add_argument("--baseline-label", default="an earlier build of the tarball")
    ap.add_argument("--record", action="store_true")
    ns = ap.parse_args()
    tarball = ns.tarball or next(iter(sorted(glob.glob(os.path.join(ROOT, "dist", "target", "sops4j-*-linux-x64.tar.gz")))), None)
    if not tarball:
        sys.exit("startup.py: no dist/target/sops4j-*-linux-x64.tar.gz: run mvn -B -DskipTests -Pdist package first")
    work = tempfile.mkdtemp(prefix="sops4j-startup-")
    try:
        home = os.path.join(work, "home")
        os.mkdir(home)
        env = {"PATH": "/usr/bin:/bin", "HOME": home}
        installed = install(tarball, os.path.join(work, "new"), env)
        baseline = install(ns.baseline, os.path.join(work, "baseline"), env) if ns.baseline else None
        clone = os.path.join(ROOT, "sops4j")
        subprocess.run([clone, "--version"], env=env, check=True, stdout=subprocess.DEVNULL)
        key = subprocess.run([installed, "keygen", "-o", "key.txt"], cwd=work, env=env, stderr=subprocess.PIPE, check=True)
        recipient = key.stderr.decode().split()[-1]
        with open(os.path.join(work, "small.yaml"), "w") as f:
            f.write(SMALL)
        enc = subprocess.run([installed, "encrypt", "--age", recipient, "small.yaml"], cwd=work, env=env,
                             stdout=subprocess.PIPE, check=True).stdout
        with open(os.path.join(work, "small.enc.yaml"), "wb") as f:
            f.write(enc)
        env["SOPS_AGE_KEY_FILE"] = os.path.join(work, "key.txt")
        variants = [
            ("tarball", "installed tarball: jlink'd Temurin 25 + AOT cache, C1, Serial GC", [installed], {}),
            ("tarball-no-aot", "the same without its AOT cache (`-XX:AOTMode=off`)", [installed],
             {"SOPS4J_JAVA_OPTS": "-XX:AOTMode=off"}),
        ] + ([("baseline", "installed %s" % ns.baseline_label, [baseline], {})] if baseline else []) + [
            ("clone", "clone launcher `./sops4j`: system JDK 17 + static AppCDS, C1, Serial GC", [clone], {}),
        ]
        sops_xz = os.path.join(ROOT, "..", "shared", "tools", "sops-3.13.2-linux-amd64.xz")
        if os.path.exists(sops_xz):
            sops = os.path.join(work, "sops")
            with open(sops, "wb") as f:
                f.write(subprocess.run(["xz", "-dc", sops_xz], stdout=subprocess.PIPE, check=True).stdout)
            os.chmod(sops, 0o755)
            variants.append(("sops", "real sops 3.13.2 (Go)", [sops], {}))
        else:
            print("startup.py: ../shared/tools absent: real sops not measured", file=sys.stderr)
        samples = {v[0]: [] for v in variants}
        load0 = os.getloadavg()[0]
        for r in range(ns.runs + 1):
            order = variants[r % len(variants):] + variants[:r % len(variants)]
            for name, _, cmd, extra in order:
                s = timed(cmd + ["decrypt", "small.enc.yaml"], dict(env, **extra), work)
                if r > 0:
                    samples[name].append(s)
        load1 = os.getloadavg()[0]
        rows = []
        for name, what, _, _ in variants:
            walls = [s[0] * 1000 for s in samples[name]]
            cpus = [s[1] * 1000 for s in samples[name]]
            rss = max(s[2] for s in samples[name]) / 1024
            rows.append((name, what, statistics.median(walls), pct(walls, 0.25), pct(walls, 0.75),
                         statistics.median(cpus), rss))
            print("%-15s wall %6.0f ms (p25 %4.0f, p75 %4.0f)  cpu %6.0f ms  rss %4.0f MB"
                  % (name, rows[-1][2], rows[-1][3], rows[-1][4], rows[-1][5], rows[-1][6]))
        if ns.record:
            record(rows, ns.runs, load0, load1, os.path.basename(tarball))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def record(rows, runs, load0, load1, tarball):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    lines = [BEGIN, "## Start-up: the release tarball", "",
             "Generated by `python3 bench/startup.py --record` (do not edit by hand); %s."
             % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "",
             "Machine: %s, %d cores (shared), %s; load average %.1f at the start, %.1f at the end."
             % (cpu, os.cpu_count() or 0, platform.platform(), load0, load1), "",
             "Method: decrypt a 6-value YAML file (one age recipient) to stdout; `%s` installed with its" % tarball,
             "`install.sh`, the clone's `./sops4j` launcher and the real sops, %d interleaved rounds after one" % runs,
             "warm-up round (each round runs every variant once, in a rotating order). Wall time from process start",
             "to exit; CPU time is user + system of the process and its children; peak RSS the largest seen.", "",
             "| variant | what | median wall | p25-p75 wall | median CPU | peak RSS |",
             "|---|---|---|---|---|---|"]
    for name, what, med, p25, p75, cpu_ms, rss in rows:
        lines.append("| %s | %s | %s%.0f ms%s | %.0f-%.0f ms | %.0f ms | %.0f MB |"
                     % (name, what, "**" if name == "tarball" else "", med, "**" if name == "tarball" else "",
                        p25, p75, cpu_ms, rss))
    lines += ["", "Target: at most 150 ms median for the installed tarball on a quiet 2-core machine.", END]
    text = open(DOC, encoding="utf-8").read()
    section = "\n".join(lines)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
