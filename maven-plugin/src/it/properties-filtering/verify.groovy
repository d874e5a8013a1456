import java.util.jar.JarFile

def expected = '''db.user=app_user
db.password=s3cr3t-props-Pa55-31c9
api.token=tok-second-88bb
not.a.secret=properties-filtering
'''
assert new File(basedir, 'target/classes/app.properties').text == expected
def jar = new JarFile(new File(basedir, 'target/properties-filtering-1.jar'))
try {
    assert jar.getInputStream(jar.getEntry('app.properties')).text == expected
} finally {
    jar.close()
}

def log = new File(basedir, 'build.log').text
assert log.contains('sops4j:properties set 4 properties from 1 file(s)')
['app_user', 's3cr3t-props-Pa55-31c9', 'tok-first-77aa', 'tok-second-88bb'].each {
    assert !log.contains(it) : "build.log shows the value ${it}"
}
return true
