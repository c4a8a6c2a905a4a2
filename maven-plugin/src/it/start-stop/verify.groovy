def log = new File(basedir, 'build.log').text
def m = log =~ /tproxy: tproxy\.port\.front=(\d+)/
assert m.find()
def port = m.group(1)
assert port != '0'
assert log.contains("client: front is on port ${port}")
def got = new File(basedir, 'target/response.txt').text
assert got.contains('hello from web (a tproxy demo backend)')
assert got.contains('request: GET /from-failsafe')
assert log.indexOf('tproxy: started') < log.indexOf('client: front is on port') 
assert log.indexOf('client: front is on port') < log.indexOf('tproxy: stopped')
assert log.contains('BUILD SUCCESS')
