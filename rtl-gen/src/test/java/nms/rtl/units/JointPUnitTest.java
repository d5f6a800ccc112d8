package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.JointP;
import nms.golden.NmsJointP;
import nms.rtl.Bench;
import nms.rtl.RtlEmitter;
import nms.data.FashionMnist;
import nms.data.Images;
import nms.golden.GoldenDesne;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nms_joint_p in Verilator and Icarus against NmsJointP.joint: classes of random neighbour lists
 * (asymmetric, so both one-sided and mutual pairs occur) with random affinities including 0 and
 * the largest, under input gaps and output back-pressure; every entry's (row, col, weight) and the
 * class total on the last entry must match.
 */
class JointPUnitTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "max_rows_per_class=20,perplexity=2,engine_anchors=2", // k = 6
      "max_rows_per_class=4,perplexity=1,engine_anchors=2,dims=16,pixel_width=4,lanes=4"})
  void streamsTheGoldenJointPUnderBackPressure(String sets) throws Exception {
    NmsConfig c = NmsConfig.defaults().withAll(Arrays.asList(sets.split(",")));
    Formats f = c.formats();
    int k = f.knnK;
    int maxRows = c.maxRowsPerClass();
    NmsJointP golden = new NmsJointP(c);
    int tw = JointPUnit.totalWidth(f, maxRows);
    Bench bench = new Bench("nms_joint_p",
        List.of(new Bench.Port("in_first_i", 1), new Bench.Port("in_last_i", 1),
            new Bench.Port("in_end_i", 1), new Bench.Port("idx_i", f.knnIndexWidth),
            new Bench.Port("aff_i", f.affinityWidth)),
        List.of(new Bench.Port("out_last_o", 1), new Bench.Port("out_row_o", f.knnIndexWidth),
            new Bench.Port("out_col_o", f.knnIndexWidth),
            new Bench.Port("out_weight_o", JointPUnit.weightWidth(f)),
            new Bench.Port("out_total_o", tw)));
    Random rnd = new Random(sets.hashCode() + 10);
    long maxAff = f.affinityOne;
    int expected = 0;
    int[] sizes = {maxRows, 2, Math.min(maxRows, 3 + rnd.nextInt(maxRows - 2))};
    for (int n : sizes) {
      int[][] index = new int[n][];
      long[][] aff = new long[n][];
      for (int i = 0; i < n; i++) {
        List<Integer> pool = new ArrayList<>();
        for (int j = 0; j < n; j++) {
          if (j != i) {
            pool.add(j);
          }
        }
        Collections.shuffle(pool, rnd);
        int cnt = Math.min(k, 1 + rnd.nextInt(n - 1));
        index[i] = new int[cnt];
        aff[i] = new long[cnt];
        for (int e = 0; e < cnt; e++) {
          index[i][e] = pool.get(e);
          aff[i][e] = e == 0 ? 1 + rnd.nextInt((int) maxAff)
              : rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(4) == 0 ? maxAff : rnd.nextInt((int) maxAff + 1);
          bench.input(e == 0 ? 1 : 0, e == cnt - 1 ? 1 : 0, e == cnt - 1 && i == n - 1 ? 1 : 0,
              index[i][e], aff[i][e]);
        }
      }
      JointP jp = golden.joint(index, aff);
      long running = 0;
      int entries = jp.col().length;
      for (int i = 0; i < n; i++) {
        for (int e = jp.rowStart()[i]; e < jp.rowStart()[i + 1]; e++) {
          running += jp.weight()[e];
          boolean last = e == entries - 1;
          // The running total includes the entry found behind the one offered.
          long shownTotal = last ? jp.total() : running + (e + 1 < entries ? jp.weight()[e + 1] : 0);
          bench.expect(last ? 1 : 0, i, jp.col()[e], jp.weight()[e], shownTotal);
        }
      }
      assertEquals(jp.total(), running);
      expected += entries;
    }
    Path rtl = tmp.resolve("rtl");
    RtlEmitter.emit(c).writeTo(rtl);
    Path sim = bench.build(tmp.resolve("tb"), rtl);
    Bench.Result stressed = Bench.run(sim, 30, 40, 7).assertClean();
    assertEquals(expected, stressed.outputs());
    Bench.Result free = Bench.run(sim, 0, 0, 1).assertClean();
    assertEquals(expected, free.outputs());
    Bench.Result icarus = Bench.runIcarus(bench.buildIcarus(tmp.resolve("tb"), rtl), 30, 40, 3)
        .assertClean();
    assertEquals(expected, icarus.outputs());
    assertTrue(expected > sizes.length, "some entries per class");
  }

  /**
   * Real data: two Fashion-MNIST classes of 20 test images, sparse neighbours and perplexity
   * searches by GoldenDesne; the unit gets each row's final affinities and must stream exactly the
   * JointP GoldenDesne.run computes.
   */
  @Test
  void streamsGoldenDesneJointPOfFashionMnistClasses() throws Exception {
    NmsConfig c = NmsConfig.defaults().withAll(List.of("max_rows_per_class=20", "perplexity=2",
        "engine_anchors=2"));
    Formats f = c.formats();
    GoldenDesne desne = new GoldenDesne(c);
    Images test = FashionMnist.load("test");
    Bench bench = new Bench("nms_joint_p",
        List.of(new Bench.Port("in_first_i", 1), new Bench.Port("in_last_i", 1),
            new Bench.Port("in_end_i", 1), new Bench.Port("idx_i", f.knnIndexWidth),
            new Bench.Port("aff_i", f.affinityWidth)),
        List.of(new Bench.Port("out_last_o", 1), new Bench.Port("out_row_o", f.knnIndexWidth),
            new Bench.Port("out_col_o", f.knnIndexWidth),
            new Bench.Port("out_weight_o", JointPUnit.weightWidth(f)),
            new Bench.Port("out_total_o", JointPUnit.totalWidth(f, c.maxRowsPerClass()))));
    int expected = 0;
    for (int label : new int[] {0, 7}) {
      int[] rows = Arrays.copyOf(test.indicesOfClass(label), 20);
      GoldenDesne.Neighbours nb = desne.sparse(test.select(rows), desne.sparseK());
      GoldenDesne.ClassResult res = desne.run(nb, c.search());
      int n = nb.rows();
      for (int i = 0; i < n; i++) {
        long[] a = desne.perplexity().affinity().affinities(res.rows()[i].beta(),
            res.rows()[i].dmin(), nb.dist()[i]);
        int cnt = a.length;
        for (int e = 0; e < cnt; e++) {
          bench.input(e == 0 ? 1 : 0, e == cnt - 1 ? 1 : 0, e == cnt - 1 && i == n - 1 ? 1 : 0,
              nb.index()[i][e], a[e]);
        }
      }
      JointP jp = res.p();
      int entries = jp.col().length;
      long running = 0;
      for (int i = 0; i < n; i++) {
        for (int e = jp.rowStart()[i]; e < jp.rowStart()[i + 1]; e++) {
          running += jp.weight()[e];
          boolean last = e == entries - 1;
          long shown = last ? jp.total() : running + jp.weight()[e + 1];
          bench.expect(last ? 1 : 0, i, jp.col()[e], jp.weight()[e], shown);
        }
      }
      expected += entries;
    }
    Path rtl = tmp.resolve("rtl");
    RtlEmitter.emit(c).writeTo(rtl);
    Path sim = bench.build(tmp.resolve("tb"), rtl);
    assertEquals(expected, Bench.run(sim, 25, 35, 11).assertClean().outputs());
    assertEquals(expected, Bench.runIcarus(bench.buildIcarus(tmp.resolve("tb"), rtl), 25, 35, 5)
        .assertClean().outputs());
  }
}
