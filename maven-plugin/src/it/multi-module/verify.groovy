def log = new File(basedir, 'build.log').text
// (1) the parent and the module without a topology are skipped, three goals each
def skipped = (log =~ /tproxy: skipped (multi-module|library), it has no topology/).count
assert skipped == 2 * 3 + 2 * 1 : "skipped ${skipped} times"
assert log.contains('tproxy: module proxy: ')
assert log.contains('proxy/tproxy.yaml is valid: topology "multi", 3 services, 2 backends.')
// (4) keys under the module's target/, none beside the topology
assert new File(basedir, 'proxy/target/certs/demo.test.key').exists()
assert new File(basedir, 'proxy/target/certs/ca.key').exists()
assert !new File(basedir, 'proxy/certs').exists()
// (6) the former property still works, with a warning
assert log.contains('[WARNING] tproxy: the property tproxy.outputDirectory is deprecated and will be removed; use tproxy.generate.outputDirectory')
def out = new File(basedir, 'proxy/target/generated-by-former-name')
assert out.isDirectory()
// (3) each line once: no library log line repeating what the tables say
assert !log.contains('[INFO] wrote server')
assert (log =~ /wrote \d+ files for topology/).count == 1
// (7) install paths as parameters
def unit = new File(out, 'systemd').listFiles().find { it.name.contains('sslh') }
assert unit != null && unit.text.contains('/opt/sslh/') : unit?.text
// generated nginx refers to the certificate where certs wrote it
assert new File(out, 'nginx/stream.conf').text.contains(new File(basedir, 'proxy/target/certs/demo.test.pem').canonicalPath)
// (5) run: every port offset, the certificates found under target/
def front = new File(basedir, 'front-port.txt').text
assert log.contains('tproxy: ports offset by 1000 (listeners and loopback backends)')
assert log =~ /127\.0\.0\.1:${front} +front +demux/
def resultFile = new File(basedir, 'client-result.txt')
assert resultFile.exists() : 'the TLS client did not get through while run ran'
def got = resultFile.text
assert got.startsWith('HTTP/1.1 200 OK') : got
assert got.contains('request: GET /through-offset')
assert log.contains('BUILD SUCCESS')
