package dev.tproxy.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** "Below version V" patterns agree with {@link Version#compareTo} on every version text nearby. */
class VersionPatternsTest {

  @Test
  void patternsMatchExactlyTheLowerVersions() {
    List<String> texts = new ArrayList<>();
    for (String major : List.of("0", "1", "2", "3", "9", "10", "11", "19", "20", "01", "002")) {
      texts.add(major);
      for (String minor : List.of("0", "1", "2", "3", "4", "5", "9", "10", "11", "12", "19", "20", "21", "22", "30",
          "31", "32", "99", "100", "05")) {
        texts.add(major + "." + minor);
        for (String patch : List.of("0", "1", "3", "4", "5", "9", "10", "00")) {
          texts.add(major + "." + minor + "." + patch);
        }
      }
    }
    for (Version v : List.of(Version.of(0, 0), Version.of(1, 12), Version.of(2, 3), new Version(2, 2, 1),
        new Version(1, 21, 4), new Version(1, 31, 4), new Version(1, 11, 5), Version.of(1, 22), Version.of(10, 0),
        new Version(0, 0, 1), Version.of(1, 0))) {
      Pattern below = Pattern.compile(SchemaValidator.javaEquivalent(VersionPatterns.lessThan(v)));
      for (String t : texts) {
        assertThat(below.matcher(t).find()).as("%s below %s", t, v).isEqualTo(Version.parse(t).compareTo(v) < 0);
      }
    }
  }
}
