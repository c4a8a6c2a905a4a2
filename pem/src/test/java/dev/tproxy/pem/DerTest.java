package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DerTest {

  @Test
  void lengthsOfEveryFormRoundTrip() {
    for (int n : new int[] {0, 1, 127, 128, 255, 256, 65_535, 65_536}) {
      byte[] content = new byte[n];
      java.util.Arrays.fill(content, (byte) 7);
      byte[] der = Der.encode(Der.SEQUENCE, Der.encode(Der.OCTET_STRING, content), Der.encode(Der.INTEGER, new byte[] {5}));
      List<Der.Element> inside = Der.sequence(der);
      assertThat(inside).hasSize(2);
      assertThat(inside.get(0).tag()).isEqualTo(Der.OCTET_STRING);
      assertThat(inside.get(0).content()).isEqualTo(content);
      assertThat(inside.get(1).content()).containsExactly(5);
    }
    assertThat(Der.encode(Der.OCTET_STRING, new byte[128])).startsWith(0x04, 0x81, 0x80);
    assertThat(Der.encode(Der.OCTET_STRING, new byte[256])).startsWith(0x04, 0x82, 0x01, 0x00);
  }

  @Test
  void truncatedOrForeignInputIsRefused() {
    assertThatThrownBy(() -> Der.sequence(new byte[] {0x30, 0x05, 0x02, 0x01})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Der.sequence(new byte[] {0x04, 0x00})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Der.sequence(new byte[] {0x30})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Der.sequence(new byte[] {0x30, (byte) 0x84, 1, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Der.sequence(new byte[] {0x30, 0x02, 0x1f, 0x00})).isInstanceOf(IllegalArgumentException.class);
  }
}
