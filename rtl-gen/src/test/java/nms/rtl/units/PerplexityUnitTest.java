package nms.rtl.units;

import nms.rtl.hdl.Eda;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SearchVariant;
import nms.data.Images;
import nms.data.SyntheticImages;
import nms.golden.NmsDistance;
import nms.golden.NmsPerplexity;
import nms.rtl.Bench;
import nms.rtl.RtlEmitter;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.vectors.Version;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nms_perplexity in Verilator against NmsPerplexity.search: rows of distances between synthetic
 * images of one class, a row of identical distances (H does not depend on beta, so the search
 * runs out or collapses), a row of zeros and a one-neighbour row, at two configurations and both
 * search variants, with random input gaps and output back-pressure.
 */
class PerplexityUnitTest {
  private static final String NAME_PREFIX = "nms_perplexity ";

  @TempDir Path tmp;

  /** Default datapath widths with a 48-word row buffer. */
  static final List<String> DEFAULT_WIDTHS = List.of("max_rows_per_class=48", "perplexity=10");

  /** Narrow everything: L1, 4-bit pixels, short fractions, no auto beta fraction. */
  static final List<String> NARROW = List.of("pixel_width=4", "dims=24", "lanes=4", "metric=l1",
      "max_rows_per_class=20", "perplexity=4", "affinity_frac_bits=12", "t_frac_bits=10",
      "entropy_frac_bits=16", "exp_lut_bits=5", "log_lut_bits=6", "log_interp_bits=4",
      "search_tolerance=0.0005", "search_iterations=40");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("default_widths", DEFAULT_WIDTHS, SearchVariant.PLAIN),
        Arguments.of("default_widths", DEFAULT_WIDTHS, SearchVariant.ROBUST),
        Arguments.of("narrow", NARROW, SearchVariant.PLAIN),
        Arguments.of("narrow", NARROW, SearchVariant.ROBUST),
        Arguments.of("two_rows", TWO_ROWS, SearchVariant.PLAIN));
  }

  /** Two words of row buffer: one-distance rows only, perplexity 1 (TARGET = 0). */
  static final List<String> TWO_ROWS = List.of("max_rows_per_class=2", "engine_anchors=2", "perplexity=1",
      "dims=64");

  /**
   * The rows to search: distances from one image to the others of its class (full length
   * {@code max_rows_per_class - 1} and shorter), identical distances, one neighbour, all zeros;
   * none longer than the row buffer allows.
   */
  static List<long[]> rows(NmsConfig cfg) {
    int n = cfg.maxRowsPerClass();
    Images imgs = SyntheticImages.generate(cfg.seed(), 2, n, cfg.pixelWidth(), cfg.dims());
    NmsDistance distance = new NmsDistance(cfg);
    int[][] members = imgs.ofClass(imgs.labels()[0]).pixels();
    // A duplicate image, as real classes have: a zero distance in the row.
    members[n - 1] = members[0].clone();
    List<long[]> rows = new ArrayList<>();
    rows.add(distancesFrom(0, members, distance));
    rows.add(distancesFrom(Math.min(3, n - 1), members, distance));
    if (n >= 4) {
      rows.add(distancesFrom(1, Arrays.copyOf(members, n / 2), distance));
    }
    long[] same = new long[Math.min(7, n - 1)];
    Arrays.fill(same, cfg.formats().maxDist / 3);
    rows.add(same);
    rows.add(new long[] {cfg.formats().maxDist / 5});
    rows.add(new long[Math.min(5, n - 1)]); // all zero
    rows.add(new long[] {cfg.formats().maxDist}); // the farthest possible neighbour
    return rows;
  }

  private static long[] distancesFrom(int i, int[][] members, NmsDistance distance) {
    long[] d = new long[members.length - 1];
    for (int j = 0, k = 0; j < members.length; j++) {
      if (j != i) {
        d[k++] = distance.distance(members[i], members[j]);
      }
    }
    return d;
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("cases")
  void matchesGoldenSearch(String label, List<String> settings, SearchVariant variant)
      throws Exception {
    List<String> all = new ArrayList<>(settings);
    all.add("search=" + variant.name().toLowerCase(java.util.Locale.ROOT));
    NmsConfig cfg = NmsConfig.defaults().withAll(all);
    Formats f = cfg.formats();
    Design design = new Design(Version.VERSION, cfg.hash());
    Module top = new Units(cfg, design, RtlEmitter.UNITS).get(PerplexityUnit.NAME);
    NmsPerplexity golden = new NmsPerplexity(cfg);
    Bench bench = new Bench(top.name(),
        List.of(new Bench.Port("last_i", 1), new Bench.Port("dist_i", f.distWidth)),
        List.of(new Bench.Port("beta_o", f.betaWidth),
            new Bench.Port("entropy_o", f.entropyWidth),
            new Bench.Port("iterations_o", f.iterationWidth),
            new Bench.Port("within_tol_o", 1)));
    List<long[]> rows = rows(cfg);
    long budget = 0;
    List<NmsPerplexity.Search> results = new ArrayList<>();
    StringBuilder summary = new StringBuilder();
    for (long[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        bench.input(j == row.length - 1 ? 1 : 0, row[j]);
      }
      NmsPerplexity.Search s = golden.search(row, variant);
      results.add(s);
      bench.expect(s.beta(), s.entropy(), s.iterations(), s.withinTolerance() ? 1 : 0);
      budget += row.length + (long) s.iterations()
          * PerplexityUnit.cyclesPerEvaluation(cfg, row.length);
      summary.append(row.length).append(" distances: ").append(s.iterations())
          .append(" evaluations, within ").append(s.withinTolerance()).append('\n');
    }
    bench.timeout(4 * budget + 10_000);
    Path dir = tmp.resolve(label + "_" + variant);
    Eda.write(design, top, dir.resolve("rtl"));
    Path sim = bench.build(dir.resolve("tb"), dir.resolve("rtl"));
    // Full rate: each row takes its load plus exactly its evaluations' cycles.
    Bench.Result full = Bench.run(sim, 0, 0, 1).assertClean();
    assertEquals(rows.size(), full.outputs());
    // Row 0 counts from the cycle before its first distance is taken, the others from the cycle
    // after the previous result.
    long previous = full.acceptCycleFirst() - 1;
    for (int r = 0; r < rows.size(); r++) {
      long expected = rows.get(r).length
          + (long) results.get(r).iterations()
          * PerplexityUnit.cyclesPerEvaluation(cfg, rows.get(r).length);
      long took = full.outs().get(r).cycle() - previous;
      previous = full.outs().get(r).cycle() + 1;
      summary.append("row ").append(r).append(": ").append(took).append(" cycles\n");
      assertTrue(took <= expected + 2, "row " + r + " took " + took + " cycles, expected "
          + expected + "\n" + summary);
      assertTrue(took >= expected - 2, "row " + r + " took " + took + " cycles, expected "
          + expected + "\n" + summary);
    }
    System.out.println(NAME_PREFIX + label + " " + variant + ", "
        + PerplexityUnit.cyclesPerEvaluation(cfg, 0) + " + n cycles per evaluation:\n"
        + summary);
    Bench.run(sim, 40, 50, 2).assertClean();
    Bench.run(sim, 75, 70, 3).assertClean();
  }

  /** row_mem and the registered reads around it are what Yosys needs to use block RAM. */
  @org.junit.jupiter.api.Test
  void rowBufferMapsToIce40BlockRam() throws Exception {
    NmsConfig cfg = NmsConfig.defaults().withAll(NARROW);
    Design design = new Design(Version.VERSION, cfg.hash());
    Module top = new Units(cfg, design, RtlEmitter.UNITS).get(PerplexityUnit.NAME);
    Path dir = tmp.resolve("ice40");
    List<String> sources = Eda.write(design, top, dir);
    String log = Eda.run(dir, List.of("yosys", "-p", "read_verilog -sv "
        + String.join(" ", sources) + "; synth_ice40 -top " + PerplexityUnit.NAME));
    assertTrue(log.contains("mapping memory nms_perplexity.row_mem via $__ICE40_RAM4K_"),
        "row_mem is not in block RAM:\n" + log.substring(Math.max(0, log.length() - 4000)));
  }
}
