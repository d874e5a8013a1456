def log = new File(basedir, 'build.log').text
assert log.contains("sops4j:decrypt parameter <outputType>: unknown format 'toml': use one of json, yaml, dotenv, ini, binary")
assert log =~ /sops4j:decrypt failed for secrets\/other-team\.enc\.yaml: .*\(exit code 128 in the CLI\)/
assert !new File(basedir, 'target/sops4j/secrets/other-team.enc.yaml').exists()
return true
