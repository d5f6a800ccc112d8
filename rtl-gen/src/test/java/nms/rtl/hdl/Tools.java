package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real EDA tools. A missing tool fails the test with the install command: these checks
 * are the point of the tests, so skipping them would hide exactly what they prove.
 */
final class Tools {
  private Tools() {}

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
    require(command.get(0));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " timed out");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + text);
    return text;
  }
}
