def log = new File(basedir, 'build.log').text
assert log.contains('sops4j:verify 2 file(s) OK: 1 MAC verified, 1 checked for structure only (no key available)')
assert log.contains('BUILD SUCCESS')
assert log.contains('[ERROR] sops4j:verify secrets/other-team.enc.yaml: MAC not verified, no available key recovers the data key (<requireMac> is true)')
assert !log.contains('secrets/ours.enc.json:')
return true
