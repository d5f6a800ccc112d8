package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nms.config.NmsConfig;
import nms.golden.NmsEmbedding;
import nms.golden.NmsSampler;
import nms.rtl.Bench;
import nms.rtl.RtlEmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nms_sampler against its twin NmsSampler, with input gaps and output stalls, Verilator and Icarus. */
class SamplerUnitTest {
  @TempDir Path tmp;

  static final NmsConfig CONFIG = NmsConfig.defaults().withAll(List.of("max_rows_per_class=64",
      "perplexity=5", "engine_anchors=4", "sampler_max_centres=8", "sampler_iterations=20"));

  /** A class of {@code n} rows in a few clusters of the +-1024 plane, signed Q.20. */
  static long[][] clusters(int n, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long one = 1L << NmsEmbedding.Y_FRAC_BITS;
    long[][] centre = new long[k][2];
    for (long[] c : centre) {
      c[0] = r.nextLong(-900 * one, 900 * one);
      c[1] = r.nextLong(-900 * one, 900 * one);
    }
    long[][] y = new long[n][];
    for (int i = 0; i < n; i++) {
      long[] c = centre[r.nextInt(k)];
      y[i] = new long[] {c[0] + r.nextLong(-50 * one, 50 * one), c[1] + r.nextLong(-50 * one, 50 * one)};
    }
    return y;
  }

  record Case(long[][] y, int budget) {}

  /**
   * The first {@code rows} Fashion-MNIST training images of class {@code label}, embedded by the
   * bit-accurate golden chain (distances, beta search, joint P, NmsEmbedding) as the engine would.
   */
  static long[][] realClass(int label, int rows) {
    nms.data.Images cls = nms.data.FashionMnist.load("train").ofClass(label);
    cls = cls.select(java.util.stream.IntStream.range(0, rows).toArray());
    nms.golden.GoldenDesne desne = new nms.golden.GoldenDesne(CONFIG);
    nms.golden.GoldenDesne.ClassResult r = desne.run(desne.dense(desne.engineDistanceMatrix(cls)),
        CONFIG.search());
    nms.golden.EmbeddingWeights.Scaled w = nms.golden.EmbeddingWeights.of(r.p());
    return new NmsEmbedding().embed(w.weights(), w.total(), CONFIG.seed());
  }

  static List<Case> cases() {
    List<Case> cs = new ArrayList<>();
    cs.add(new Case(realClass(0, 64), 7)); // about 10 % of a real class
    cs.add(new Case(realClass(9, 50), 3));
    cs.add(new Case(clusters(64, 5, 1), 8));
    cs.add(new Case(clusters(40, 3, 2), 5));
    cs.add(new Case(clusters(8, 2, 3), 8)); // budget = n: every row
    cs.add(new Case(new long[][] {{-(1L << 30) + 1, (1L << 30) - 1}}, 1)); // extremes, n = 1
    cs.add(new Case(clusters(33, 4, 4), 1));
    return cs;
  }

  static Bench bench(List<Case> cs, int mutate) {
    int cw = NmsSampler.COORD_WIDTH;
    int iw = 6;
    int uw = nms.rtl.units.Arith.bits(CONFIG.samplerIterations());
    Bench b = new Bench(SamplerUnit.NAME, List.of(new Bench.Port("in_last_i", 1),
        new Bench.Port("in_x_i", cw), new Bench.Port("in_y_i", cw),
        new Bench.Port("budget_i", nms.rtl.units.Arith.bits(CONFIG.samplerMaxCentres()))),
        List.of(new Bench.Port("out_last_o", 1), new Bench.Port("out_idx_o", iw),
            new Bench.Port("updates_o", uw)));
    long mask = (1L << cw) - 1;
    NmsSampler golden = new NmsSampler(CONFIG);
    int out = 0;
    for (Case c : cs) {
      for (int i = 0; i < c.y().length; i++) {
        b.input(i + 1 == c.y().length ? 1 : 0, c.y()[i][0] & mask, c.y()[i][1] & mask, c.budget());
      }
      NmsSampler.Result r = golden.select(c.y(), c.budget());
      for (int k = 0; k < r.selected().length; k++) {
        long idx = r.selected()[k] ^ (out++ == mutate ? 1 : 0);
        b.expect(k + 1 == r.selected().length ? 1 : 0, idx, r.updates());
      }
    }
    return b.timeout(2_000_000);
  }

  @Test
  void equalsTheTwinUnderGapsAndStallsInVerilatorAndIcarus() throws Exception {
    Path rtl = tmp.resolve("rtl");
    RtlEmitter.emit(CONFIG).writeTo(rtl);
    List<Case> cs = cases();
    int expected = cs.stream().mapToInt(Case::budget).sum();
    Bench b = bench(cs, -1);
    Path sim = b.build(tmp.resolve("tb"), rtl);
    Bench.Result stressed = Bench.run(sim, 30, 40, 5).assertClean();
    assertEquals(expected, stressed.outputs());
    Bench.Result free = Bench.run(sim, 0, 0, 1).assertClean();
    assertEquals(expected, free.outputs());
    // Never stalled, each class's last index comes exactly the twin's cycle model after its last row.
    NmsSampler golden = new NmsSampler(CONFIG);
    int o = -1;
    for (Case c : cs) {
      NmsSampler.Result r = golden.select(c.y(), c.budget());
      o += c.budget();
      int[] sel = r.selected();
      long model = NmsSampler.selectCycles(c.y().length, c.budget(), r.updates(), sel[sel.length - 1]);
      long measured = free.outs().get(o).latency();
      System.out.println("nms_sampler cycles: n " + c.y().length + ", b " + c.budget() + ", updates "
          + r.updates() + ": measured " + measured + ", model " + model);
      assertEquals(model, measured, "n " + c.y().length + " b " + c.budget());
    }
    System.out.println("nms_sampler: " + expected + " indices of " + cs.size() + " classes, 0 mismatches");
    Path image = b.buildIcarus(tmp.resolve("tb"), rtl);
    assertEquals(expected, Bench.runIcarus(image, 20, 30, 3).assertClean().outputs());

    Bench bad = bench(cs, 3);
    Path badSim = bad.build(tmp.resolve("tb_bad"), rtl);
    Bench.Result caught = Bench.run(badSim, 0, 0, 1);
    assertTrue(caught.errors() > 0, "a mutated expected index must be reported");
  }
}
