// The quickstart's shape on ports free for this run (the topology says port-1000; run adds 1000),
// and a client that keeps trying, through the TLS front and the terminator, while run runs.
import javax.net.ssl.*
import java.security.KeyStore
import java.security.cert.CertificateFactory

def free = { -> def s = new ServerSocket(0); def p = s.localPort; s.close(); p }
def ports = (1..5).collect { free() }
assert ports.every { it > 2000 }
def (front, sni, term, web, webTls) = ports.collect { it - 1000 }
new File(basedir, 'proxy/tproxy.yaml').text = """\
name: multi
backends:
  - {name: web-demo, address: "127.0.0.1:${web}", demo: http}
  - {name: web-tls-demo, address: "127.0.0.1:${webTls}", demo: https}
services:
  - name: front
    engine: sslh
    listen: ["127.0.0.1:${front}"]
    demux:
      rules:
        - {probe: http, target: web-demo}
        - {probe: tls, target: sni-router}
  - name: sni-router
    engine: nginx
    listen: ["127.0.0.1:${sni}"]
    sni-route:
      default: web-tls-demo
      rules: [{server-names: [demo.test], target: terminator}]
  - name: terminator
    engine: nginx
    listen: ["127.0.0.1:${term}"]
    tls-terminate:
      certificates:
        - {server-names: [demo.test], certificate: certs/demo.test.pem, key: certs/demo.test.key}
      target: web-demo
"""
new File(basedir, 'front-port.txt').text = "${front + 1000}"
def result = new File(basedir, 'client-result.txt')
def ca = new File(basedir, 'proxy/target/certs/ca.pem')
def t = new Thread({
  long deadline = System.currentTimeMillis() + 240000
  SSLContext ctx = null
  while (System.currentTimeMillis() < deadline) {
    try {
      if (!ca.exists()) { Thread.sleep(300); continue }
      if (ctx == null) {
        // built before connecting: a slow first TLS set-up must not outlast the demux's probe
        def ks = KeyStore.getInstance('PKCS12'); ks.load(null, null)
        ca.withInputStream { ks.setCertificateEntry('ca', CertificateFactory.getInstance('X.509').generateCertificate(it)) }
        def tmf = TrustManagerFactory.getInstance(TrustManagerFactory.defaultAlgorithm); tmf.init(ks)
        ctx = SSLContext.getInstance('TLS'); ctx.init(null, tmf.trustManagers, null)
      }
      def plain = new Socket('127.0.0.1', front + 1000)
      plain.soTimeout = 10000
      def s = ctx.socketFactory.createSocket(plain, 'demo.test', front + 1000, true)
      def params = s.SSLParameters; params.serverNames = [new SNIHostName('demo.test')]; s.SSLParameters = params
      s.startHandshake()
      s.outputStream.write("GET /through-offset HTTP/1.1\r\nHost: demo.test\r\nConnection: close\r\n\r\n".getBytes('US-ASCII'))
      result.text = s.inputStream.text
      s.close()
      return
    } catch (IOException e) {
      Thread.sleep(300)
    }
  }
  result.text = 'no connection within 240 s'
})
t.daemon = true
t.start()
return true
