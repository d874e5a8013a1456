import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def check(File actual, File expected) {
    assert actual.isFile() : "missing ${actual}"
    assert actual.bytes == expected.bytes : "${actual} differs from ${expected}:\n${actual.text}"
    assert PosixFilePermissions.toString(Files.getPosixFilePermissions(actual.toPath())) == 'rw-------'
}

def out = new File(basedir, 'target/sops4j/secrets')
check(new File(out, 'app.enc.yaml'), new File(basedir, 'expected/app.yaml'))
check(new File(out, 'db.enc.json'), new File(basedir, 'expected/db.json'))
assert out.list().sort() == ['app.enc.yaml', 'db.enc.json']

def json = new File(basedir, 'target/as-json/secrets/app.enc.json')
assert json.isFile()
assert json.text == '''{
	"db": {
		"user": "app",
		"password": "s3cr3t-yaml-Pa55-4d1f",
		"port": 5432
	},
	"api_keys": [
		"key-one-9c2e",
		"key-two-1b7a"
	],
	"feature_unencrypted": true
}
'''
assert PosixFilePermissions.toString(Files.getPosixFilePermissions(json.toPath())) == 'rw-------'

def log = new File(basedir, 'build.log').text
assert log.contains('sops4j:decrypt wrote 2 file(s)')
assert log.contains('sops4j:decrypt wrote 1 file(s)')
['s3cr3t-yaml-Pa55-4d1f', 's3cr3t-json-Pa55-8e0c', 'key-one-9c2e'].each { assert !log.contains(it) }
return true
