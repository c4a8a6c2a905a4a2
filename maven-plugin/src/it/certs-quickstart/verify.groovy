import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

// in a project, under target/ (never next to the topology, in the sources)
assert !new File(basedir, 'certs').exists()
def key = new File(basedir, 'target/certs/demo.test.key').toPath()
assert Files.exists(key)
assert PosixFilePermissions.toString(Files.getPosixFilePermissions(key)) == 'rw-------'
assert new File(basedir, 'target/certs/ca.pem').exists()
def log = new File(basedir, 'build.log').text
assert log =~ /created +\S+target\/certs\/demo.test.pem +server demo.test for terminator/
assert log =~ /kept +\S+target\/certs\/demo.test.pem +server demo.test for terminator/
