package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real EDA tools for the rtl-gen tests (builder, units, emitter alike). A missing tool
 * fails with the install command: these runs are what the tests prove, so skipping would hide
 * exactly that.
 */
public final class Eda {
  private Eda() {}

  /** Fails unless {@code tool} is an executable on PATH, naming the package that provides it. */
  public static void require(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    String pkg = tool.equals("vvp") ? "iverilog" : tool; // vvp ships with Icarus
    fail(tool + " not found on PATH; install it with: sudo apt-get install " + pkg);
  }

  /** The exit status and the interleaved stdout and stderr of one run. */
  public record Run(int status, String output) {}

  /** Runs {@code command} in {@code dir} (stdin closed) and returns its status and output. */
  public static Run exec(Path dir, List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    if (!command.get(0).contains("/")) {
      require(command.get(0));
    }
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " timed out after " + timeoutSeconds + " s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs {@code command}, asserts exit status 0 and returns the output. */
  public static String run(Path dir, List<String> command) throws IOException, InterruptedException {
    Run r = exec(dir, command, 600);
    if (r.status() != 0) {
      fail(String.join(" ", command) + " (in " + dir + ") exited with " + r.status() + ":\n"
          + r.output());
    }
    return r.output();
  }

  /** Writes {@code top} and its children into {@code dir}; returns the .sv file names in order. */
  public static List<String> write(Design design, Module top, Path dir) throws IOException {
    List<Path> files = RtlWriter.write(design, top, dir);
    List<String> sources = new ArrayList<>();
    for (Path f : files.subList(0, files.size() - 1)) {
      sources.add(f.getFileName().toString());
    }
    return sources;
  }
}
