// Every generated file equals its golden file (templates/src/test/resources/golden); the
// quickstart's certificate paths depend on where the checkout is and are anchored like the
// golden files are, at /path/to/tproxy/examples.
import java.nio.file.Files

def golden = new File(goldenDir)
def examples = new File(examplesDir).canonicalPath
['proxytunnel-endpoint', 'quickstart'].each { example ->
  def out = new File(basedir, "target/${example}")
  def want = new File(golden, example)
  def rel = { File root -> { File f -> root.toPath().relativize(f.toPath()).toString() } }
  def generated = []
  out.eachFileRecurse { if (it.isFile()) generated << rel(out)(it) }
  // The manifest of what generate wrote (so that the next run removes what is no longer needed) is not a golden file.
  assert generated.remove('.tproxy-generated') : "${example}: no manifest .tproxy-generated"
  def expected = []
  want.eachFileRecurse { if (it.isFile()) expected << rel(want)(it) }
  assert generated.sort() == expected.sort() : "${example}: ${generated.sort()} vs ${expected.sort()}"
  expected.each { path ->
    def got = new File(out, path).text.replace(examples, '/path/to/tproxy/examples')
    assert got == new File(want, path).text : "${example}/${path} differs from the golden file"
  }
  def script = new File(out, 'sbin').listFiles().find { it.name.endsWith('-routing.sh') }
  if (script != null) {
    assert Files.getPosixFilePermissions(script.toPath()).toString().contains('OWNER_EXECUTE')
  }
}
def log = new File(basedir, 'build.log').text
assert log.contains('tproxy: wrote 13 files for topology "proxytunnel-endpoint"')
assert log =~ /nginx\/stream\.conf +0644 +\d+/
