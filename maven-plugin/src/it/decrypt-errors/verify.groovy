def log = new File(basedir, 'build.log').text
assert log.contains("sops4j:decrypt parameter <outputType>: unknown format 'toml': use one of json, yaml, dotenv, ini, binary")
assert log =~ /(?s)sops4j:decrypt failed for secrets\/other-team\.enc\.json: Failed to get the data key.*\(exit code 128 in the CLI\)/
assert log =~ /sops4j:decrypt parameter <outputType>: secrets\/other-team\.enc\.json and secrets\/other-team\.enc\.yaml would both be written to .*\/target\/sops4j\/secrets\/other-team\.enc\.json/
assert !new File(basedir, 'target/sops4j/secrets').exists()
return true
