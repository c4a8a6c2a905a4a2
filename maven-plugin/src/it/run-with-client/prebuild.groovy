// Free ports for this run, the topology that uses them, and a client that keeps trying to get
// through the demux port while the build runs tproxy:run (it writes what it received).
def free = { -> def s = new ServerSocket(0); def p = s.localPort; s.close(); p }
def front = free()
def web = free()
new File(basedir, 'tproxy.yaml').text = """\
name: run-with-client
backends: [{name: web, address: "127.0.0.1:${web}", demo: http}]
services:
  - name: front
    listen: ["127.0.0.1:${front}"]
    demux: {rules: [{probe: http, target: web}, {probe: anyprot, target: web}]}
"""
def result = new File(basedir, 'client-result.txt')
def t = new Thread({
  long deadline = System.currentTimeMillis() + 60000
  while (System.currentTimeMillis() < deadline) {
    try {
      def s = new Socket('127.0.0.1', front)
      s.outputStream.write("GET /from-invoker HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes('US-ASCII'))
      result.text = s.inputStream.text
      s.close()
      return
    } catch (IOException e) {
      Thread.sleep(200)
    }
  }
  result.text = 'no connection within 60 s'
})
t.daemon = true
t.start()
return true
