def log = new File(basedir, 'build.log').text
assert log.contains('tproxy:run')
assert log.contains('Runs the topology in-process, like jetty:run')
assert log.contains('tproxy.run.maxDuration')
assert log.contains('BUILD SUCCESS')
