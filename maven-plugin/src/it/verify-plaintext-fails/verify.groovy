def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] sops4j:verify secrets/leaked.enc.yaml: plaintext, but it must be encrypted (no sops metadata)')
assert log.contains('sops4j:verify found 1 bad file(s): secrets/leaked.enc.yaml: plaintext')
assert log.contains('BUILD FAILURE')
assert !log.contains('good.enc.yaml:')
assert !log.contains('notes.txt')
assert !log.contains('plain-leaked-Tok-3c77')
return true
