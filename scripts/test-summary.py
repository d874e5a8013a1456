#!/usr/bin/env python3
"""Prints one closing line for scripts/test-all: Surefire results of every module, the Maven invoker ITs and the
conformance replay, as 'tests: N passed, N failed, N skipped'."""
import glob
import re
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
# modules sit at the top level or one folder down (keys/<type>, integrations/<framework>)
for f in glob.glob("*/target/surefire-reports*/TEST-*.xml") + glob.glob("*/*/target/surefire-reports*/TEST-*.xml"):
    s = ET.parse(f).getroot()
    t, fl, e, sk = (int(s.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    passed += t - fl - e - sk
    failed += fl + e
    skipped += sk
for f in glob.glob("*/target/invoker-reports/BUILD-*.xml") + glob.glob("*/*/target/invoker-reports/BUILD-*.xml"):
    r = ET.parse(f).getroot().get("result")
    if r == "success":
        passed += 1
    elif r == "skipped":
        skipped += 1
    else:
        failed += 1
# the release archives' and the publication tests (dist/src/test/test-dist.sh, scripts/test-publish)
for f in glob.glob("dist/target/test-*.txt"):
    m = re.search(r"^test-\w+: (\d+) passed, (\d+) failed$", open(f, encoding="utf-8").read(), re.M)
    if m:
        passed += int(m.group(1))
        failed += int(m.group(2))
if len(sys.argv) > 1:
    m = re.search(r"(\d+)/(\d+) scenarios match", open(sys.argv[1], encoding="utf-8").read())
    if m:
        passed += int(m.group(1))
        failed += int(m.group(2)) - int(m.group(1))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
