def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] sops4j:verify secrets/payments.enc.json: MAC mismatch. The MAC stored in the file does not match the one computed from its values')
assert log.contains('sops4j:verify found 1 bad file(s)')
assert !log.contains('secrets/good.enc.yaml:')
assert log.contains('BUILD FAILURE')
assert !log.contains('s3cr3t-card-Key-6d2f')
return true
