// Runs the application once: Actuator shows values from the sops file masked although show-values=always.
def secret = 'boot4-Sekr1t-c0ffee'
def java = new File(System.getProperty('java.home'), 'bin/java').path
def cp = new File(basedir, 'target/classes').path + File.pathSeparator + new File(basedir, 'classpath.txt').text.trim()
def pb = new ProcessBuilder([java, '-cp', cp, 'demo.ActuatorApplication']).directory(basedir).redirectErrorStream(true)
pb.environment().put('SOPS_AGE_KEY_FILE', new File(sops4jRepo, 'testdata/age/keys.txt').path)
def p = pb.start()
def out = p.inputStream.getText('UTF-8')
p.waitFor()
new File(basedir, 'run.log').text = out
assert p.exitValue() == 0 : out
def lines = out.readLines()
assert lines.contains("env sops:classpath:secrets.enc.yaml db.password=******") : out
assert lines.contains('env show-values=always') : out  // other values are shown
assert lines.contains('configprops db.pool={maxConnections=******}') : out
assert lines.contains('bound maxConnections=42') : out
assert !out.contains(secret)
return true
