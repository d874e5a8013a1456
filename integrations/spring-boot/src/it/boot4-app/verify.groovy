// Runs the built Spring Boot 4 application three times and checks what it prints.
def secret = 'boot4-Sekr1t-c0ffee'
def java = new File(System.getProperty('java.home'), 'bin/java').path
def cp = new File(basedir, 'target/classes').path + File.pathSeparator + new File(basedir, 'classpath.txt').text.trim()
def keyFile = new File(sops4jRepo, 'testdata/age/keys.txt').path

def run = { List<String> args ->
    def pb = new ProcessBuilder([java, '-cp', cp, 'demo.DemoApplication'] + args).directory(basedir).redirectErrorStream(true)
    pb.environment().put('SOPS_AGE_KEY_FILE', keyFile)
    def p = pb.start()
    def out = p.inputStream.getText('UTF-8')
    p.waitFor()
    new File(basedir, "run-${args.join('_').replaceAll('[^A-Za-z0-9]', '')}.log").text = out
    [p.exitValue(), out]
}

// 1. The secret through @Value, the int through relaxed binding; DEBUG logging puts the secret in no log line.
def (code, out) = run(['--logging.level.root=DEBUG'])
assert code == 0 : out
def lines = out.readLines()
assert lines.contains('db.password=' + secret) : out
assert lines.contains('db.pool.maxConnections=42') : out
assert lines.any { it.contains(' DEBUG ') } : 'DEBUG logging was on'
assert lines.findAll { it.contains(secret) } == ['db.password=' + secret] : 'the secret reached a log line'
assert out.contains("Decrypted sops file 'classpath:secrets.enc.yaml': 2 properties")

// 2. An optional import of a missing file starts.
(code, out) = run(['--spring.config.import=optional:sops:file:./missing.enc.yaml'])
assert code == 0 : out
assert out.readLines().contains('db.pool.maxConnections=42') : out

// 3. Tampered (one encrypted value removed): start-up fails with one line naming the file and the MAC mismatch.
def enc = new File(basedir, 'target/classes/secrets.enc.yaml')
enc.text = enc.text.replaceFirst(/(?m)^ +max-connections: ENC\[.*\n/, '')
(code, out) = run([])
assert code != 0 : out
assert out.readLines().contains("Cannot decrypt sops file 'classpath:secrets.enc.yaml': MAC mismatch. " +
        'The MAC stored in the file does not match the one computed from its values') : out
assert out.contains('APPLICATION FAILED TO START') : out
assert !out.contains(secret)

// docs/spring-boot.md shows this application, its application.properties and the dependency verbatim.
def doc = new File(sops4jRepo, 'docs/spring-boot.md').text.replaceAll(/(?m)^   /, '')
def app = new File(basedir, 'src/main/java/demo/DemoApplication.java').text
assert doc.contains(app.substring(app.indexOf('import '))) : 'docs/spring-boot.md must hold DemoApplication.java'
assert doc.contains(new File(basedir, 'src/main/resources/application.properties').text)
assert doc.contains("""<dependency>
  <groupId>dev.sops4j</groupId>
  <artifactId>sops4j-spring-boot-starter</artifactId>""")
return true
