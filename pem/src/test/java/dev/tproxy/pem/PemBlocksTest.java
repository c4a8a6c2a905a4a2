package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PemBlocksTest {

  @Test
  void textAroundBlocksIsSkippedAndHeadersAreRead() throws Exception {
    String text = "Bag Attributes\r\n    friendlyName: k\r\n"
        + "-----BEGIN RSA PRIVATE KEY-----\r\n"
        + "Proc-Type: 4,ENCRYPTED\r\n"
        + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\r\n"
        + "\r\n"
        + "aGVs\r\n"
        + "bG8=\r\n"
        + "-----END RSA PRIVATE KEY-----\r\n"
        + "a comment\n"
        + "  -----BEGIN CERTIFICATE-----  \n"
        + "d29ybGQ=\n"
        + "-----END CERTIFICATE-----";
    List<PemBlock> blocks = PemBlocks.parse(text, "f.pem");
    assertThat(blocks).extracting(PemBlock::label).containsExactly("RSA PRIVATE KEY", "CERTIFICATE");
    assertThat(blocks.get(0).headers()).isEqualTo(Map.of("Proc-Type", "4,ENCRYPTED",
        "DEK-Info", "AES-128-CBC,00112233445566778899AABBCCDDEEFF"));
    assertThat(new String(blocks.get(0).content(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(blocks.get(0).line()).isEqualTo(3);
    assertThat(blocks.get(1).headers()).isEmpty();
    assertThat(new String(blocks.get(1).content(), StandardCharsets.US_ASCII)).isEqualTo("world");
    assertThat(blocks.get(1).line()).isEqualTo(11);
  }

  @Test
  void aBlockWithoutItsEndNamesFileAndLine() {
    assertThatThrownBy(() -> PemBlocks.parse("x\n-----BEGIN CERTIFICATE-----\nd29ybGQ=\n", "f.pem"))
        .isInstanceOf(PemContentException.class)
        .hasMessage("f.pem: the CERTIFICATE block of line 2 has no -----END CERTIFICATE-----");
    assertThatThrownBy(() -> PemBlocks.parse("-----BEGIN CERTIFICATE-----\nd29ybGQ=\n-----END PRIVATE KEY-----\n", "f.pem"))
        .isInstanceOf(PemContentException.class)
        .hasMessage("f.pem, line 3: expected -----END CERTIFICATE----- (the block began on line 1)");
  }

  @Test
  void badBase64NamesFileAndLine() {
    assertThatThrownBy(() -> PemBlocks.parse("\n\n-----BEGIN CERTIFICATE-----\nd29y*GQ=\n-----END CERTIFICATE-----\n", "f.pem"))
        .isInstanceOf(PemContentException.class)
        .hasMessageStartingWith("f.pem, line 3: the CERTIFICATE block is not valid base64");
  }

  @Test
  void textWithoutBlocksHasNone() throws Exception {
    assertThat(PemBlocks.parse("not pem\n-----BEGIN\n", "f.pem")).isEmpty();
  }
}
