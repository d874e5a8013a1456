def log = new File(basedir, 'build.log').text
assert log.contains('sops4j:verify skipped (sops4j.skip)')
assert log.contains('sops4j:properties skipped (sops4j.skip)')
assert log.contains('sops4j:decrypt skipped (sops4j.skip)')
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/sops4j').exists()
return true
