package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer leaves either the complete new output or the previous state, never a mix. */
class RtlWriterTest {
  @TempDir Path tmp;

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void writesModulesAndFilelist() throws IOException {
    Design d = ExampleDesigns.pipeline();
    Path out = tmp.resolve("rtl");
    List<Path> written = RtlWriter.write(d, d.moduleNamed("pipe_two"), out);
    assertEquals(List.of(out.resolve("pipe_stage.sv"), out.resolve("pipe_two.sv"),
        out.resolve("pipe_two.f")), written);
    assertEquals(List.of("pipe_stage.sv", "pipe_two.f", "pipe_two.sv"), listing(out));
    assertEquals("pipe_stage.sv\npipe_two.sv\n", Files.readString(out.resolve("pipe_two.f")));
    assertEquals(List.of("rtl"), listing(tmp), "no temporary folder left behind");
  }

  @Test
  void replacesAPreviousOutputWholly() throws IOException {
    Path out = tmp.resolve("rtl");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stale.sv"), "module stale; endmodule\n");
    Design d = ExampleDesigns.counter();
    RtlWriter.write(d, d.moduleNamed("counter8"), out);
    assertEquals(List.of("counter8.f", "counter8.sv"), listing(out));
    assertEquals(List.of("rtl"), listing(tmp));
  }

  @Test
  void failedDesignLeavesNothingBehind() {
    Design d = new Design("0.1.0", "abc");
    Module m = d.module("broken", "has an undriven output");
    m.output("x_o", 1);
    Path out = tmp.resolve("rtl");
    assertThrows(HdlException.class, () -> RtlWriter.write(d, m, out));
    assertFalse(Files.exists(out));
    assertTrue(tmp.toFile().list().length == 0, "no temporary folder left behind");
  }

  @Test
  void refusesToReplaceAFolderHoldingOtherFiles() throws IOException {
    Path out = tmp.resolve("home");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    Design d = ExampleDesigns.counter();
    IOException e =
        assertThrows(IOException.class, () -> RtlWriter.write(d, d.moduleNamed("counter8"), out));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    assertEquals(List.of("notes.txt"), listing(out));
  }
}
