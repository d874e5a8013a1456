def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]') : 'the build ran with -X'
assert log.contains('[DEBUG] sops4j:properties from secrets/app.enc.yaml: [secrets.db.user, secrets.db.password, secrets.api.tokens[0], secrets.api.tokens[1]]')
assert log.contains('[DEBUG] sops4j:properties kept existing secrets.db.password')
assert log.contains('sops4j:properties set 4 properties from 1 file(s)')
assert log.contains('sops4j:properties set 0 properties from 1 file(s)')
['app_user', 's3cr3t-props-Pa55-31c9', 'tok-first-77aa', 'tok-second-88bb'].each {
    assert !log.contains(it) : "build.log shows the value ${it}"
}
return true
