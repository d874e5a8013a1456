import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def a = new File(basedir, 'module-a/target/sops4j/secrets/a.enc.yaml')
assert a.text == '''service:
    name: module-a
    secret: s3cr3t-mod-A-19fe
'''
def b = new File(basedir, 'module-b/target/sops4j/secrets/b.enc.json')
assert b.text == '''{
\t"service": {
\t\t"name": "module-b",
\t\t"secret": "s3cr3t-mod-B-27ac"
\t}
}
'''
[a, b].each { assert PosixFilePermissions.toString(Files.getPosixFilePermissions(it.toPath())) == 'rw-------' }
// the parent selects nothing of its own: module files are the modules' business, target/ is never scanned
assert !new File(basedir, 'target/sops4j').exists()

def log = new File(basedir, 'build.log').text
assert log.count('sops4j:verify 1 file(s) OK: 1 MAC verified, 0 checked for structure only') == 2
assert log.count('sops4j:properties set 2 properties from 1 file(s)') == 2
assert log.contains('BUILD SUCCESS')
assert !log.contains('selected no files') : 'an aggregator parent does not warn'
['s3cr3t-mod-A-19fe', 's3cr3t-mod-B-27ac'].each { assert !log.contains(it) }
return true
