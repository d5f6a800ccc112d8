package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.RtlWriter;

/**
 * Runs the real EDA tools for the unit tests. A missing tool fails the test with the install
 * command: these runs are what the tests prove, so skipping them would hide exactly that.
 */
final class Eda {
  private Eda() {}

  /** Fails unless {@code tool} is an executable on PATH, naming the package that provides it. */
  static void require(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    String pkg = tool.equals("vvp") ? "iverilog" : tool; // vvp ships with Icarus
    fail(tool + " not found on PATH; install it with: sudo apt-get install " + pkg);
  }

  /** Runs {@code command} in {@code dir}, asserts exit status 0, returns stdout+stderr. */
  static String run(Path dir, List<String> command) throws IOException, InterruptedException {
    return run(dir, command, 600);
  }

  static String run(Path dir, List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    if (!command.get(0).contains("/")) {
      require(command.get(0));
    }
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + text);
    return text;
  }

  /** Writes {@code top} and its children into {@code dir}; returns the .sv file names in order. */
  static List<String> write(Design design, Module top, Path dir) throws IOException {
    List<Path> files = RtlWriter.write(design, top, dir);
    List<String> sources = new ArrayList<>();
    for (Path f : files.subList(0, files.size() - 1)) {
      sources.add(f.getFileName().toString());
    }
    return sources;
  }

  /**
   * The three tool checks every emitted unit must pass: Verilator -Wall prints nothing, Icarus
   * elaborates it without a message, Yosys synthesises it without a warning.
   */
  static void lintSimSynth(Path dir, String top, List<String> sources)
      throws IOException, InterruptedException {
    String lint = run(dir, List.of("verilator", "--lint-only", "-Wall", "--top-module", top,
        "-F", top + ".f"));
    assertEquals("", lint, "verilator -Wall must print nothing for " + top);
    String icarus =
        run(dir, List.of("iverilog", "-g2012", "-o", "/dev/null", "-s", top, "-c", top + ".f"));
    assertEquals("", icarus, "iverilog must print nothing for " + top);
    String yosys = run(dir, List.of("yosys", "-q", "-p",
        "read_verilog -sv " + String.join(" ", sources) + "; synth -top " + top));
    assertEquals("", yosys, "yosys -q must print no warnings for " + top);
  }
}
