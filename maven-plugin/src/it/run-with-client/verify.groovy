def log = new File(basedir, 'build.log').text
assert log.contains('tproxy: topology "run-with-client" runs in local mode (1 services)')
assert log.contains('tproxy: running for 6s; Ctrl-C stops earlier')
assert log.contains('tproxy: stopped')
assert log.contains('BUILD SUCCESS')
def got = new File(basedir, 'client-result.txt').text
assert got.startsWith('HTTP/1.1 200 OK') : got
assert got.contains('hello from web (a tproxy demo backend)')
assert got.contains('request: GET /from-invoker')
