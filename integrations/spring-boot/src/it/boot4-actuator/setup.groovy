// The fixture is made at test time with sops4j itself and the repository's throw-away age key.
import dev.sops4j.core.store.Format
import dev.sops4j.testing.AgeTestKey

def plain = 'db:\n    password: boot4-Sekr1t-c0ffee\n    pool:\n        max-connections: 42\n'
new File(basedir, 'src/main/resources/secrets.enc.yaml').bytes = AgeTestKey.encrypt(plain, Format.YAML)
return true
