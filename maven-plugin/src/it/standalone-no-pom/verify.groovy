def log = new File(basedir, 'build.log').text
assert log.contains('tproxy.yaml is valid: topology "quickstart", 3 services, 3 backends.')
// outputs in the current directory's target/, nothing named after an unresolved expression
def out = new File(basedir, 'target/tproxy')
assert new File(out, 'nginx/stream.conf').isFile()
assert !basedir.listFiles().any { it.name.contains('${') } : basedir.list()
assert (log =~ /wrote \d+ files for topology/).count == 1
// outside a project the topology's relative paths stay relative to it
assert new File(basedir, 'certs/demo.test.key').isFile()
assert new File(out, 'nginx/stream.conf').text.contains(new File(basedir, 'certs/demo.test.pem').canonicalPath)
assert log.contains('BUILD SUCCESS')
