package nms.rtl;

import nms.rtl.hdl.Eda;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every unit of {@link RtlEmitter#UNITS} (so units added later join automatically) and its FPGA
 * wrapper {@code <unit>_fpga_top}, at each configuration of {@link #CONFIGS}: every file lints
 * under {@code verilator --lint-only -Wall} with no output, with no waiver flags and no lint
 * pragmas in the files; every unit and wrapper compiles as its own top under Icarus; and Yosys
 * synthesises the units no other unit instantiates (which covers every module) without a
 * warning. Two configurations run at a time, one per CI core.
 */
@Execution(ExecutionMode.CONCURRENT)
class LintSweepTest {
  /** {@code --set} lists (shared with {@code ./nms synth --matrix lint}); the shapes
   * {@link #sweepCoversTheRequiredShapes} asks for. */
  static final List<String> CONFIGS = LintConfigs.SETS;

  /**
   * Largest on-chip memory (bits, a root unit and its children summed) that the synthesis check
   * maps to flip-flops; larger ones stop after memory inference. Measured on the engine (yosys
   * synth, shared machine): at 1,168 bits (max_rows_per_class=2) full synthesis took 55 s against
   * 4.9 s stopped at begin:fine, at 13,824 bits 128 s; so 1 kbit keeps every engine of the sweep
   * on the short path while units without memories are synthesised in full.
   */
  static final long FLOP_MAPPED_MEMORY_BITS = 1_024;

  private static final Pattern PRAGMA =
      Pattern.compile("lint_off|lint_on|(//|/\\*)\\s*(verilator|synopsys|pragma)");

  @TempDir Path tmp;

  static List<String> configs() {
    return CONFIGS;
  }

  static NmsConfig config(String sets) {
    return LintConfigs.config(sets);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("configs")
  void everyUnitLintsCompilesAndSynthesisesCleanly(String sets) throws Exception {
    RtlEmitter.Emitted emitted = RtlEmitter.emitWithFpgaTops(config(sets));
    Path dir = tmp.resolve("rtl");
    emitted.writeTo(dir);
    long applicable = RtlEmitter.UNITS.stream().filter(g -> g.appliesTo(emitted.config())).count();
    assertEquals(applicable, emitted.units().size());
    assertEquals(applicable, emitted.fpgaTops().size());
    List<String> tops = new ArrayList<>(emitted.units());
    tops.addAll(emitted.fpgaTops());
    for (Map.Entry<String, String> f : emitted.files().entrySet()) {
      if (f.getKey().endsWith(".sv")) {
        assertFalse(PRAGMA.matcher(f.getValue()).find(), f.getKey() + " holds a tool pragma");
      }
    }
    for (String unit : tops) {
      String lint = Eda.run(dir, List.of("verilator", "--lint-only", "-Wall",
          "--top-module", unit, "-F", unit + ".f"));
      assertEquals("", lint, unit + ": verilator -Wall must print nothing");
      String icarus = Eda.run(dir, List.of("iverilog", "-g2012", "-o", "/dev/null",
          "-s", unit, "-c", unit + ".f"));
      assertEquals("", icarus, unit + ": iverilog must print nothing");
    }
    for (String root : emitted.roots()) {
      // A large on-chip memory (the engine's store, spec 10.3, up to megabits) is one an FPGA
      // flow puts in block RAM; generic synthesis would map it to flip-flops (gigabytes and tens
      // of minutes at dims 3072). Above the threshold synthesis stops before that mapping, after
      // the coarse passes that infer the memory; below it the unit is synthesised in full.
      String stop = emitted.memoryBits(root) > FLOP_MAPPED_MEMORY_BITS ? " -run begin:fine" : "";
      String yosys = Eda.run(dir, List.of("yosys", "-q", "-p",
          "read_verilog -sv " + String.join(" ", emitted.filelist(root)) + "; synth -top "
              + root + stop));
      assertEquals("", yosys, root + ": yosys -q must print no warnings");
    }
  }

  @Test
  void sweepCoversTheRequiredShapes() {
    Set<Integer> lanes = new TreeSet<>();
    Set<Integer> pixelWidths = new TreeSet<>();
    Set<Integer> dims = new TreeSet<>();
    Set<Integer> expLut = new TreeSet<>();
    Set<Integer> logLut = new TreeSet<>();
    Set<Integer> anchors = new TreeSet<>();
    boolean ragged = false;
    Set<String> sketches = new TreeSet<>();
    boolean sketchRagged = false;
    boolean projectionRounded = false;
    List<String> hashes = new ArrayList<>();
    for (String s : CONFIGS) {
      NmsConfig c = config(s);
      lanes.add(c.lanes());
      pixelWidths.add(c.pixelWidth());
      dims.add(c.dims());
      expLut.add(c.expLutBits());
      logLut.add(c.logLutBits());
      anchors.add(c.engineAnchors());
      ragged |= c.dims() % c.lanes() != 0;
      sketches.add(c.sketch().name());
      if (c.formats().sketchPattern != null) {
        sketchRagged |= c.dims() % c.lanes() != 0;
        projectionRounded |= c.formats().sketchBlock == 0 && c.formats().sketchShift > 0;
      }
      hashes.add(c.hash());
    }
    assertTrue(CONFIGS.size() >= 12);
    assertTrue(lanes.containsAll(List.of(1, 2, 4, 8, 16, 32)), "lanes " + lanes);
    assertTrue(pixelWidths.containsAll(List.of(4, 8, 12, 16)), "pixel widths " + pixelWidths);
    assertTrue(dims.containsAll(List.of(16, 784, 3072)), "dims " + dims);
    assertTrue(expLut.containsAll(List.of(4, 10)), "exp_lut_bits " + expLut);
    assertTrue(logLut.containsAll(List.of(6, 12)), "log_lut_bits " + logLut);
    assertTrue(anchors.containsAll(List.of(1, 3, 4, 8)), "engine_anchors " + anchors);
    assertTrue(ragged, "a configuration with dims % lanes != 0");
    assertEquals(Set.of("NONE", "BLOCK", "PROJECTION"), sketches, "sketch kinds");
    assertTrue(sketchRagged, "a sketch with pad lanes in its last beat");
    assertTrue(projectionRounded, "a projection whose elements are rounded (sketch_shift > 0)");
    assertEquals(hashes.size(), new TreeSet<>(hashes).size(), "configurations are distinct");
  }
}
