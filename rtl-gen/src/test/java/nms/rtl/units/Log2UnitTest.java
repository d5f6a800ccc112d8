package nms.rtl.units;

import nms.rtl.hdl.Eda;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsLog2;
import nms.rtl.Bench;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.vectors.Version;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** nms_log2 in Verilator against NmsLog2: 200 sums, random gaps and back-pressure, II = 1. */
class Log2UnitTest {
  @TempDir Path tmp;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        // sum_a_width - 1 < log_mantissa_bits: the mantissa is zero-filled below s.
        Arguments.of("short_sum", List.of("max_rows_per_class=4", "perplexity=2")),
        Arguments.of("no_interp", List.of("log_interp_bits=0", "log_lut_bits=7",
            "max_rows_per_class=100", "search_tolerance=0.001")),
        Arguments.of("narrow", List.of("affinity_frac_bits=8", "entropy_frac_bits=16",
            "t_frac_bits=10", "exp_lut_bits=6", "log_lut_bits=6", "log_interp_bits=4",
            "max_rows_per_class=300", "search_tolerance=0.001")));
  }

  /** 200 sums: 1.0, every power of two, 2^k +- 1, the maximum, then log-uniform random ones. */
  static List<Long> stimuli(NmsConfig cfg) {
    int af = cfg.affinityFracBits();
    int sw = cfg.formats().sumAWidth;
    long max = (1L << sw) - 1;
    TreeSet<Long> edge = new TreeSet<>();
    for (int k = af; k < sw; k++) {
      edge.add(1L << k);
      edge.add((1L << k) + 1);
      edge.add((2L << k) - 1);
    }
    edge.add(max);
    edge.add(max - 1);
    List<Long> s = new ArrayList<>(edge);
    Random rnd = new Random(42);
    while (s.size() < 200) {
      int k = af + rnd.nextInt(sw - af);
      long v = (1L << k) | (rnd.nextLong() & ((1L << k) - 1));
      s.add(v);
    }
    return s.subList(0, 200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void matchesGoldenTwin(String label, List<String> settings) throws Exception {
    NmsConfig cfg = NmsConfig.defaults().withAll(settings);
    Formats f = cfg.formats();
    Design design = new Design(Version.VERSION, cfg.hash());
    Module top = new Units(cfg, design, List.of(new Log2Unit())).get(Log2Unit.NAME);
    NmsLog2 golden = new NmsLog2(cfg);
    Bench bench = new Bench(top.name(), List.of(new Bench.Port("s_i", f.sumAWidth)),
        List.of(new Bench.Port("log2_o", f.log2Width)));
    List<Long> s = stimuli(cfg);
    for (long v : s) {
      bench.input(v).expect(golden.log2(v));
    }
    Path dir = tmp.resolve(label);
    Eda.write(design, top, dir.resolve("rtl"));
    Path sim = bench.build(dir.resolve("tb"), dir.resolve("rtl"));
    // Full rate: each result LATENCY cycles after its sum, one per cycle (II = 1).
    Bench.Result full = Bench.run(sim, 0, 0, 1).assertClean();
    for (Bench.Out o : full.outs()) {
      assertEquals(Log2Unit.LATENCY, o.latency(), "latency of sum #" + o.index());
    }
    assertEquals(s.size() - 1 + Log2Unit.LATENCY,
        full.outs().get(s.size() - 1).cycle() - full.acceptCycleFirst(), "II = 1");
    Bench.run(sim, 30, 40, 2).assertClean();
    Bench.run(sim, 70, 75, 3).assertClean();
  }
}
