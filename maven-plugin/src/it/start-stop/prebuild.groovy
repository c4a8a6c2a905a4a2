def s = new ServerSocket(0); def web = s.localPort; s.close()
def f = new File(basedir, 'tproxy.yaml')
f.text = f.text.replace('@WEB@', "${web}")
return true
