import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

def key = new File(basedir, 'certs/demo.test.key').toPath()
assert Files.exists(key)
assert PosixFilePermissions.toString(Files.getPosixFilePermissions(key)) == 'rw-------'
assert new File(basedir, 'certs/ca.pem').exists()
def log = new File(basedir, 'build.log').text
assert log =~ /created +\S+certs\/demo.test.pem +server demo.test for terminator/
assert log =~ /kept +\S+certs\/demo.test.pem +server demo.test for terminator/
