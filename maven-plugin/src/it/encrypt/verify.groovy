def original = new File(basedir, 'generated/config.yaml')
def enc = new File(basedir, 'target/sops4j-encrypted/generated/config.yaml')
assert enc.isFile()
def text = enc.text
assert text.startsWith('service: billing\npassword: ENC[AES256_GCM,data:')
assert text.contains('\ntoken: ENC[AES256_GCM,data:')
assert text.contains('recipient: age1jvjk8tkd5rlqz4sjkg2gmey6c2duf0ygv3w66r6ldld298razutschtdu6')
assert text.contains('    encrypted_regex: ^(password|token)$\n')
assert !text.contains('gen-s3cr3t')
assert original.text.contains('gen-s3cr3t-Pa55-0f42') : 'the source is left alone'

// decrypt-again selects by the same creation rule, relative to the project's .sops.yaml
def back = new File(basedir, 'target/roundtrip/generated/config.yaml')
assert back.bytes == original.bytes

def log = new File(basedir, 'build.log').text
assert log.contains('sops4j:encrypt encrypted 1 file(s) to ')
assert log.contains('sops4j:decrypt wrote 1 file(s)')
assert !log.contains('gen-s3cr3t')
return true
