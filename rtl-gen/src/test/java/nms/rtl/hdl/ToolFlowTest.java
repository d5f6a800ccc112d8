package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/** Every example design passes Verilator -Wall with no output, Icarus, and Yosys synthesis. */
class ToolFlowTest {
  @TempDir Path tmp;

  static Stream<Arguments> designs() {
    return Stream.of(
        Arguments.of("counter8", (Supplier<Design>) ExampleDesigns::counter),
        Arguments.of("pipe_two", (Supplier<Design>) ExampleDesigns::pipeline),
        Arguments.of("sine_rom", (Supplier<Design>) ExampleDesigns::romDesign),
        Arguments.of("adder_tree8", (Supplier<Design>) ExampleDesigns::adderTree),
        Arguments.of("search_fsm", (Supplier<Design>) ExampleDesigns::fsm),
        Arguments.of("sq_diff", (Supplier<Design>) ExampleDesigns::squaredDifference),
        Arguments.of("row_buffer", (Supplier<Design>) ExampleDesigns::rowBuffer));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("designs")
  void lintsSimulatesAndSynthesisesCleanly(String top, Supplier<Design> build) throws Exception {
    Design design = build.get();
    Path dir = tmp.resolve(top);
    List<Path> files = RtlWriter.write(design, moduleNamed(design, top), dir);
    List<String> sources = new ArrayList<>();
    for (Path f : files.subList(0, files.size() - 1)) {
      sources.add(f.getFileName().toString());
    }

    String lint =
        Eda.run(dir, List.of("verilator", "--lint-only", "-Wall", "--top-module", top,
            "-F", top + ".f"));
    assertEquals("", lint, "verilator -Wall must print nothing");

    Eda.run(dir, List.of("iverilog", "-g2012", "-o", "/dev/null", "-s", top, "-c", top + ".f"));

    String yosys =
        Eda.run(dir, List.of("yosys", "-q", "-p",
            "read_verilog -sv " + String.join(" ", sources) + "; synth -top " + top));
    assertEquals("", yosys, "yosys -q must print no warnings");
  }

  @Test
  void registeredRomMapsToIce40BlockRam() throws Exception {
    Design design = ExampleDesigns.romDesign();
    Path dir = tmp.resolve("rom");
    RtlWriter.write(design, moduleNamed(design, "sine_rom"), dir);
    String log =
        Eda.run(dir, List.of("yosys", "-p",
            "read_verilog -sv sine_rom.sv; synth_ice40 -top sine_rom; stat"));
    String stat = log.substring(log.lastIndexOf("Printing statistics"));
    assertTrue(stat.contains("SB_RAM40_4K "), "expected a block RAM in:\n" + stat);
    assertTrue(Files.exists(dir.resolve("sine_rom.f")));
  }

  @Test
  void memoryWithRegisteredReadMapsToIce40BlockRam() throws Exception {
    Design design = ExampleDesigns.rowBuffer();
    Path dir = tmp.resolve("mem");
    RtlWriter.write(design, moduleNamed(design, "row_buffer"), dir);
    String log =
        Eda.run(dir, List.of("yosys", "-p",
            "read_verilog -sv row_buffer.sv; synth_ice40 -top row_buffer; stat"));
    String stat = log.substring(log.lastIndexOf("Printing statistics"));
    assertTrue(stat.contains("SB_RAM40_4K "), "expected a block RAM in:\n" + stat);
  }

  @Test
  void missingToolFailsWithTheInstallCommandInsteadOfSkipping() {
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> Eda.require("no_such_eda_tool"));
    assertTrue(e.getMessage().contains("install it with: sudo apt-get install no_such_eda_tool"),
        e.getMessage());
  }

  static Module moduleNamed(Design design, String name) {
    return design.moduleNamed(name);
  }
}
