package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.golden.NmsLrtProject;
import nms.golden.NmsLrtRotate;
import nms.golden.NmsLrtSvd;
import nms.rtl.units.lrt.LrtRotateUnit;
import nms.vectors.LrtVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nms_lrt_rotate against its twin in Icarus: side updates made by the project and SVD twins from
 * random bases and inputs (so T, the coefficients and the norms are what the chain hands on),
 * under output stalls and free-running; the datasheet's latency on every output and one beat per
 * cycle inside a pass long enough for the slots.
 */
class LrtRotateBenchTest {
  @TempDir Path tmp;

  static long[] codes(SplittableRandom r, int n, int w) {
    long[] x = new long[n];
    for (int k = 0; k < n; k++) {
      x[k] = r.nextLong(-(1L << (w - 1)), 1L << (w - 1));
    }
    return x;
  }

  /** Rows of {@code sides} updates (u then v per sample) of a config, as LrtVectors writes them. */
  static List<BigInteger[]> rows(NmsConfig c, int samples, long seed, long[] clampedOut) {
    LrtFormats f = c.lrtFormats();
    NmsLrtProject project = new NmsLrtProject(c);
    NmsLrtSvd svd = new NmsLrtSvd(c, 1);
    NmsLrtRotate rotate = new NmsLrtRotate(c);
    SplittableRandom rnd = new SplittableRandom(seed);
    int r = f.rank;
    List<BigInteger[]> rows = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      long[][] bu = new long[r][];
      long[][] bv = new long[r][];
      // small codes at a high exponent now and then: the residual then dominates and y clamps
      int scale = s % 3 == 2 ? 4 : f.basisWidth;
      for (int i = 0; i < r; i++) {
        bu[i] = codes(rnd, f.n, scale);
        bv[i] = codes(rnd, f.m, scale);
      }
      long[] u = codes(rnd, f.n, f.inputWidth);
      long[] v = codes(rnd, f.m, f.inputWidth);
      if (s % 4 == 3) {
        java.util.Arrays.fill(v, 0); // norm 0: y = 0
      }
      int eu = rnd.nextInt(16);
      int ev = rnd.nextInt(16);
      NmsLrtProject.Result p = project.project(bu, u, eu, bv, v, ev, 0);
      long[] cx = new long[r];
      for (int i = 0; i < r; i++) {
        cx[i] = rnd.nextLong(1L << 20);
      }
      NmsLrtSvd.Result d = svd.update(p.u().coef(), p.u().norm(), p.v().coef(), p.v().norm(), cx);
      // a norm far below the residual (a basis far from orthonormal) drives y to its clamp
      long nu = s % 5 == 4 ? 1 : p.u().norm();
      NmsLrtRotate.Result ru = rotate.rotate(bu, eu, u, p.u().coef(), nu, d.tu());
      NmsLrtRotate.Result rv = rotate.rotate(bv, ev, v, p.v().coef(), p.v().norm(), d.tv());
      clampedOut[0] += ru.clamped() + rv.clamped();
      rows.addAll(LrtVectors.rotateRows(f, rotate, ru, bu, eu, u, p.u().coef(), nu, d.tu()));
      rows.addAll(LrtVectors.rotateRows(f, rotate, rv, bv, ev, v, p.v().coef(), p.v().norm(), d.tv()));
    }
    return rows;
  }

  Bench.Result run(NmsConfig c, int samples, String tag) throws Exception {
    LrtFormats f = c.lrtFormats();
    Path rtl = tmp.resolve("rtl_" + tag);
    RtlEmitter.emit(c).writeTo(rtl);
    List<Bench.Port> ins = new ArrayList<>();
    List<Bench.Port> outs = new ArrayList<>();
    for (String[] p : LrtVectors.rotatePorts(f)) {
      (p[0].endsWith("_o") ? outs : ins).add(new Bench.Port(p[0], Integer.parseInt(p[1])));
    }
    Bench b = new Bench(LrtRotateUnit.NAME, ins, outs);
    long[] clamped = new long[1];
    List<BigInteger[]> rows = rows(c, samples, 14, clamped);
    assertTrue(clamped[0] > 0, "the stimulus must clamp some y");
    for (BigInteger[] row : rows) {
      b.input(java.util.Arrays.copyOfRange(row, 0, ins.size()));
      b.expect(java.util.Arrays.copyOfRange(row, ins.size(), row.length));
    }
    Path dir = tmp.resolve("tb_" + tag);
    b.writeFiles(dir);
    Path image = b.buildIcarus(dir, rtl);
    assertEquals(rows.size(), Bench.runIcarus(image, 0, 40, 5).assertClean().outputs(), "stalled");
    Bench.Result free = Bench.runIcarus(image, 0, 0, 1).assertClean();
    assertEquals(rows.size(), free.outputs(), "free run");
    return free;
  }

  @Test
  void shortPassesMatchTheTwinUnderStalls() throws Exception {
    NmsConfig c = NmsConfig.defaults().withAll(List.of("lrt=true", "lrt_n=9", "lrt_m=16", "lrt_rank=3"));
    Bench.Result free = run(c, 8, "short");
    assertEquals(LrtRotateUnit.latency(c.lrtFormats()), free.outs().get(0).latency(), "latency, pipe empty");
  }

  @Test
  void longPassesRunOneBeatPerCycle() throws Exception {
    NmsConfig c = NmsConfig.defaults().withAll(List.of("lrt=true", "lrt_n=120", "lrt_m=112", "lrt_rank=2",
        "lrt_lanes=4"));
    LrtFormats f = c.lrtFormats();
    Bench.Result free = run(c, 5, "long");
    for (Bench.Out o : free.outs()) {
      assertEquals(LrtRotateUnit.latency(f), o.latency(), "latency of output " + o.index());
    }
    // the first sample's passes (30 and 28 beats) are each longer than the slot turnaround
    int beats = 2 * (f.beatsU + f.beatsV);
    for (int i = 1; i < beats; i++) {
      assertEquals(1, free.outs().get(i).cycle() - free.outs().get(i - 1).cycle(), "one beat per cycle, " + i);
    }
  }
}
