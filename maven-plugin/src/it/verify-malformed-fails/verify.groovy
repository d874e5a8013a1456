def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] sops4j:verify secrets/mangled.enc.yaml: malformed encrypted value at token: not ENC[AES256_GCM,data:...,iv:...,tag:...,type:...] with base64 parts')
assert log.contains('[ERROR] sops4j:verify secrets/no-mac.enc.json: MAC mismatch. File has no MAC')
assert log.contains('sops4j:verify found 2 bad file(s)')
assert log.contains('BUILD FAILURE')
return true
