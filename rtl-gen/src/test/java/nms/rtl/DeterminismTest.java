package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same configuration gives byte-identical files in separate JVMs (hash iteration order,
 * reflection order and the like differ between processes, not within one).
 */
class DeterminismTest {
  @TempDir Path tmp;

  static final List<List<String>> CONFIGS = List.of(
      List.of(),
      List.of("lanes=32", "pixel_width=16", "dims=3072", "adder_levels_per_stage=2",
          "metric=l1", "exp_lut_bits=4", "exp_interp=false"),
      // The projection pattern is drawn from the seed: the same in every JVM.
      List.of("sketch=projection", "lanes=7", "seed=42"));

  @Test
  void twoJvmsEmitIdenticalBytes() throws Exception {
    for (int i = 0; i < CONFIGS.size(); i++) {
      List<String> sets = CONFIGS.get(i);
      Path a = tmp.resolve("a" + i);
      Path b = tmp.resolve("b" + i);
      Process pa = launch(a, sets);
      Process pb = launch(b, sets);
      assertEquals(0, pa.waitFor(), "first JVM failed");
      assertEquals(0, pb.waitFor(), "second JVM failed");
      Path here = tmp.resolve("here" + i);
      RtlEmitter.emit(NmsConfig.defaults().withAll(sets)).writeTo(here);
      List<String> names = names(a);
      assertEquals(names, names(b));
      assertEquals(names, names(here));
      for (String n : names) {
        byte[] bytes = Files.readAllBytes(a.resolve(n));
        assertArrayEquals(bytes, Files.readAllBytes(b.resolve(n)), n + " differs between JVMs");
        assertArrayEquals(bytes, Files.readAllBytes(here.resolve(n)), n + " differs in-process");
      }
    }
  }

  private static Process launch(Path out, List<String> sets) throws Exception {
    List<String> cmd = new ArrayList<>(Arrays.asList(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EmitForTest.class.getName(),
        out.toString()));
    cmd.addAll(sets);
    return new ProcessBuilder(cmd).inheritIO().start();
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
