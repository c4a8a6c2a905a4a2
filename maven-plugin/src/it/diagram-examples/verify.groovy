// The Mermaid of the quickstart is the one its README shows; the SVG is dot's, with the names.
def mmd = new File(basedir, 'target/tproxy/diagram.mmd').text
def readme = new File(examplesDir, 'quickstart/README.md').text
assert readme.contains('```mermaid\n' + mmd + '```') : "diagram.mmd differs from examples/quickstart/README.md:\n${mmd}"
def parser = new groovy.xml.XmlSlurper(false, false, true)
// dot's SVG names the SVG 1.1 DTD; reading it would go to the network.
parser.setFeature('http://apache.org/xml/features/nonvalidating/load-external-dtd', false)
def texts = parser.parse(new File(basedir, 'target/tproxy/diagram.svg')).'**'.findAll { it.name() == 'text' }*.text()
['front', 'sni-router', 'tunnel', 'tunnel-client-cert', 'sshd', 'web', 't2.yourdomain.top'].each { name ->
  assert texts.contains(name) : "the SVG shows no ${name}: ${texts}"
}
def log = new File(basedir, 'build.log').text
assert log.contains('tproxy: drew topology "quickstart" (mermaid) to ')
assert log.contains('BUILD SUCCESS')
