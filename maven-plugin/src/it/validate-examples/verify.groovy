def log = new File(basedir, 'build.log').text
assert log.contains('quickstart/tproxy.yaml is valid: topology "quickstart", 3 services, 3 backends.')
assert log.contains('proxytunnel-endpoint/tproxy.yaml is valid: topology "proxytunnel-endpoint", 4 services, 2 backends.')
assert log.contains('BUILD SUCCESS')
