def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'tproxy.yaml').canonicalPath
assert log.contains("[ERROR] ${file}:7:5: error: services[0].engine: nginx cannot realise a demux stage")
assert log.contains("[ERROR] ${file}:12:11: error: services[0].demux.rules[0].target: no service or backend is named \"shd\"")
assert log.contains('[ERROR]     hint: did you mean "sshd"?')
assert log.contains("has 2 errors (above)")
assert log.contains('BUILD FAILURE')
