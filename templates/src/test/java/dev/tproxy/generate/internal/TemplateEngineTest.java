package dev.tproxy.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.generate.GenerationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FreeMarker is set up so that templates cannot write raw values or reach Java. */
class TemplateEngineTest {
  @TempDir
  Path dir;

  private TemplateEngine engine() {
    return new TemplateEngine(Optional.of(dir));
  }

  private String render(String name, String template, Object view) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, template);
    return engine().render(name, view, null);
  }

  public record View(String value, int port, List<String> list) {}

  @Test
  void valuesAreEscapedForTheSyntaxTheTemplateNameNames() throws IOException {
    View v = new View("a\"; } x { #", 8443, List.of("h2", "a b"));
    assertThat(render("t.nginx.ftl", "server_name [=view.value]; listen [=view.port];", v))
        .isEqualTo("server_name \"a\\\"; } x { #\"; listen 8443;");
    assertThat(render("t.libconfig.ftl", "name: [=view.value]; port: [=view.port]; n: [=bare(view.port)];", v))
        .isEqualTo("name: \"a\\\"; } x { #\"; port: \"8443\"; n: 8443;");
    assertThat(render("t.shell.ftl", "echo [=view.value]<#list view.list as x> [=x]</#list>", v))
        .isEqualTo("echo 'a\"; } x { #' h2 'a b'");
  }

  @Test
  void dollarInterpolationIsPlainTextSoShellAndNginxVariablesSurvive() throws IOException {
    assertThat(render("t.shell.ftl", "echo \"${USERS[@]}\" $remote_addr [=view.port]", new View("", 1, List.of())))
        .isEqualTo("echo \"${USERS[@]}\" $remote_addr 1");
  }

  @Test
  void aValueNginxWouldExpandIsRefused() {
    assertThatThrownBy(() -> render("t.nginx.ftl", "ssl_certificate [=view.value];", new View("/etc/$x.pem", 1, List.of())))
        .isInstanceOf(GenerationException.class).hasMessageContaining("contains $");
  }

  @Test
  void noEscapeBypassIsAParseError() {
    assertThatThrownBy(() -> render("t.nginx.ftl", "x [=view.value?no_esc];", new View("a", 1, List.of())))
        .isInstanceOf(GenerationException.class).hasMessageContaining("no_esc");
  }

  @Test
  void javaClassesAreOutOfReach() {
    assertThatThrownBy(() -> render("t.text.ftl",
        "<#assign e = \"freemarker.template.utility.Execute\"?new()>[=e(\"id\")]", new View("a", 1, List.of())))
        .isInstanceOf(GenerationException.class).hasMessageContaining("not allowed");
    assertThatThrownBy(() -> render("t.text.ftl", "[=view.list?api.size()]", new View("a", 1, List.of("x"))))
        .isInstanceOf(GenerationException.class).hasMessageContaining("api");
  }

  @Test
  void aMissingValueIsAnErrorNotAnEmptyString() {
    assertThatThrownBy(() -> render("t.text.ftl", "x [=view.nothing]", new View("a", 1, List.of())))
        .isInstanceOf(GenerationException.class).hasMessageContaining("nothing");
  }

  @Test
  void bareTakesOnlyNumbersAndBooleans() throws IOException {
    assertThat(render("t.libconfig.ftl", "[=bare(true)] [=bare(5)]", new View("a", 1, List.of()))).isEqualTo("true 5");
    assertThatThrownBy(() -> render("t.libconfig.ftl", "[=bare(view.value)]", new View("a", 1, List.of())))
        .isInstanceOf(GenerationException.class).hasMessageContaining("always escaped");
    assertThatThrownBy(() -> render("t.libconfig.ftl", "[=bare(1.5)]", new View("a", 1, List.of())))
        .isInstanceOf(GenerationException.class).hasMessageContaining("whole numbers");
  }

  @Test
  void aTemplateWhoseNameNamesNoSyntaxIsRefused() {
    assertThatThrownBy(() -> render("t.ftl", "x", new View("a", 1, List.of())))
        .isInstanceOf(GenerationException.class).hasMessageContaining(".<syntax>.ftl");
  }

  @Test
  void overridesShadowBuiltInTemplatesAndTheRestStayBuiltIn() throws IOException {
    Files.createDirectories(dir.resolve("nginx"));
    Files.writeString(dir.resolve("nginx/nginx.conf.nginx.ftl"), "# mine [=view.user]\n");
    TemplateEngine e = engine();
    var conf = new dev.tproxy.generate.internal.nginx.NginxViews.Conf("/m.so", "www-data", "/p", "/e", "/s", 1024, null);
    assertThat(e.render("nginx/nginx.conf.nginx.ftl", conf, null)).isEqualTo("# mine www-data\n");
    assertThat(new TemplateEngine(Optional.empty()).render("nginx/nginx.conf.nginx.ftl", conf, null))
        .contains("load_module /m.so;");
  }

  @Test
  void templatesCannotReachFilesOutsideTheirDirectory() throws IOException {
    Path outside = Files.writeString(dir.getParent().resolve(dir.getFileName() + "-secret.text.ftl"), "secret");
    try {
      Files.createSymbolicLink(dir.resolve("link.text.ftl"), outside);
      assertThatThrownBy(() -> render("t.text.ftl", "<#include \"../" + outside.getFileName() + "\">", null))
          .isInstanceOf(GenerationException.class);
      assertThatThrownBy(() -> engine().render("link.text.ftl", Map.of(), null))
          .isInstanceOf(GenerationException.class);
      assertThatThrownBy(() -> render("u.text.ftl", "<#include \"/../../../../etc/passwd\">", null))
          .isInstanceOf(GenerationException.class);
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void aMissingOverrideDirectoryIsNamed() {
    assertThatThrownBy(() -> new TemplateEngine(Optional.of(dir.resolve("nope"))))
        .isInstanceOf(GenerationException.class).hasMessageContaining("templateDirectory")
        .hasMessageContaining("does not exist");
  }
}
