package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsKnn;
import nms.rtl.Bench;
import nms.rtl.RtlEmitter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nms_knn in Verilator and Icarus against NmsKnn: rows of candidates in random order with many
 * equal distances (the tie rule decides), rows shorter and longer than k, one-candidate rows and
 * the largest distance and index, with random input gaps and output back-pressure; then the
 * timing the datasheet states (latency 1, II 1 per candidate, c + k cycles per row).
 */
class KnnUnitTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "max_rows_per_class=20,perplexity=2,engine_anchors=2", // k = 6, 5-bit indices
      "", // default: k = 90, 26-bit distances, 10-bit indices
      "max_rows_per_class=4,perplexity=1,engine_anchors=2,dims=16,pixel_width=4,lanes=4"})
  void keepsTheGoldenEntriesUnderStressAndMeetsItsTiming(String sets) throws Exception {
    NmsConfig c = sets.isEmpty() ? NmsConfig.defaults()
        : NmsConfig.defaults().withAll(Arrays.asList(sets.split(",")));
    Formats f = c.formats();
    int k = f.knnK;
    NmsKnn golden = new NmsKnn(c);
    Bench bench = new Bench("nms_knn",
        List.of(new Bench.Port("in_first_i", 1), new Bench.Port("in_last_i", 1),
            new Bench.Port("idx_i", f.knnIndexWidth), new Bench.Port("dist_i", f.knnDistWidth)),
        List.of(new Bench.Port("out_last_o", 1), new Bench.Port("out_idx_o", f.knnIndexWidth),
            new Bench.Port("out_dist_o", f.knnDistWidth)));
    Random rnd = new Random(sets.hashCode() + 5);
    int maxRows = c.maxRowsPerClass();
    long maxDist = (1L << f.knnDistWidth) - 1;
    List<Integer> counts = new ArrayList<>();
    int rows = 14;
    for (int r = 0; r < rows; r++) {
      int n = r == 0 ? 1 : r == 1 ? maxRows - 1 : r == 2 ? Math.min(k, maxRows - 1)
          : 1 + rnd.nextInt(maxRows - 1);
      List<Integer> pool = new ArrayList<>();
      for (int i = 0; i < maxRows; i++) {
        pool.add(i);
      }
      Collections.shuffle(pool, rnd);
      int[] idx = new int[n];
      long[] d = new long[n];
      for (int j = 0; j < n; j++) {
        idx[j] = pool.get(j);
        d[j] = r % 3 == 0 ? rnd.nextInt(3) // ties everywhere
            : r == 4 ? maxDist - rnd.nextInt(2) : (rnd.nextLong() >>> 1) % (maxDist + 1);
        bench.input(j == 0 ? 1 : 0, j == n - 1 ? 1 : 0, idx[j], d[j]);
      }
      NmsKnn.Entry[] kept = golden.nearest(idx, d);
      for (int e = 0; e < kept.length; e++) {
        bench.expect(e == kept.length - 1 ? 1 : 0, kept[e].index(), kept[e].dist());
      }
      counts.add(n);
    }
    Path rtl = tmp.resolve("rtl");
    RtlEmitter.emit(c).writeTo(rtl);
    Path sim = bench.build(tmp.resolve("tb"), rtl);
    int expected = 0;
    for (int n : counts) {
      expected += Math.min(n, k);
    }
    Bench.Result stressed = Bench.run(sim, 30, 40, 7).assertClean();
    assertEquals(expected, stressed.outputs());
    Bench.Result icarus = Bench.runIcarus(bench.buildIcarus(tmp.resolve("tb"), rtl), 30, 40, 3)
        .assertClean();
    assertEquals(expected, icarus.outputs());

    // Unstalled: entry e of a row comes 1 + e cycles after the row's last candidate is taken,
    // and the next row's first candidate the cycle after the last entry: c + min(c, k) per row.
    Bench.Result free = Bench.run(sim, 0, 0, 1).assertClean();
    int o = 0;
    long rowStart = free.acceptCycleFirst();
    for (int n : counts) {
      int kept = Math.min(n, k);
      for (int e = 0; e < kept; e++, o++) {
        assertEquals(1 + e, free.outs().get(o).latency(), "row entry " + e);
      }
      long lastOut = free.outs().get(o - 1).cycle();
      assertEquals(rowStart + n + kept - 1, lastOut, "cycles of a row of " + n);
      rowStart = lastOut + 1;
    }

    // The bench itself: one wrong expected entry is reported.
    Path expFile = sim.getParent().getParent().resolve("exp.hex");
    List<String> lines = new ArrayList<>(Files.readAllLines(expFile));
    lines.set(2, new BigInteger(lines.get(2), 16).xor(BigInteger.ONE).toString(16));
    Files.write(expFile, lines);
    Bench.Result corrupted = Bench.run(sim, 30, 40, 7);
    assertEquals(1, corrupted.errors(), corrupted.log());
    assertTrue(corrupted.log().contains("MISMATCH output 2 port out_dist_o"), corrupted.log());
  }
}
