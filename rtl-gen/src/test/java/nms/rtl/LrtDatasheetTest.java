package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.golden.NmsLrtProject;
import nms.golden.NmsLrtWrite;
import nms.rtl.units.UnitSheet;
import nms.rtl.units.lrt.LrtProjectUnit;
import nms.rtl.units.lrt.LrtWriteUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LRT units' datasheet timing against an Icarus run (as DatasheetTest does for the others):
 * the sheet's latency on every output of a free run (the first output for the finisher-bound
 * projection), its initiation interval between outputs, and the twin's values under random gaps
 * and stalls.
 */
class LrtDatasheetTest {
  static NmsConfig c;
  static RtlEmitter.Emitted emitted;
  @TempDir static Path tmp;
  static Path rtl;

  @BeforeAll
  static void emit() throws Exception {
    c = NmsConfig.defaults().withAll(List.of("lrt=true", "lrt_n=9", "lrt_m=16", "lrt_rank=3"));
    emitted = RtlEmitter.emit(c);
    rtl = tmp.resolve("rtl");
    emitted.writeTo(rtl);
  }

  static BigInteger pack(long[] x, int w) {
    BigInteger v = BigInteger.ZERO;
    for (int k = x.length - 1; k >= 0; k--) {
      v = v.shiftLeft(w).or(BigInteger.valueOf(x[k]).and(BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE)));
    }
    return v;
  }

  static long[] codes(SplittableRandom r, int n, int w) {
    long[] x = new long[n];
    for (int k = 0; k < n; k++) {
      x[k] = r.nextLong(-(1L << (w - 1)), 1L << (w - 1));
    }
    return x;
  }

  Bench.Result run(Bench b, String unit, int expected) throws Exception {
    Path dir = tmp.resolve("tb_" + unit);
    b.writeFiles(dir);
    Path image = b.buildIcarus(dir, rtl);
    // Output stalls only: Bench's input gaps may drop valid while a beat is stalled, which the
    // units' in_stable assertion (the valid/ready rule of section 9) rightly refuses.
    assertEquals(expected, Bench.runIcarus(image, 0, 40, 5).assertClean().outputs(), unit);
    Bench.Result free = Bench.runIcarus(image, 0, 0, 1).assertClean();
    assertEquals(expected, free.outputs(), unit);
    return free;
  }

  @Test
  void projectLatencyAndFinisherBoundInterval() throws Exception {
    LrtFormats f = c.lrtFormats();
    NmsLrtProject twin = new NmsLrtProject(c);
    int r = f.rank;
    int lanes = f.lanes;
    Bench b = new Bench(LrtProjectUnit.NAME,
        List.of(new Bench.Port("in_first_i", 1), new Bench.Port("in_last_i", 1),
            new Bench.Port("x_i", lanes * f.inputWidth), new Bench.Port("basis_i", r * lanes * f.basisWidth),
            new Bench.Port("exp_i", LrtFormats.EXP_WIDTH), new Bench.Port("cx0_i", f.cx0Width)),
        List.of(new Bench.Port("au_o", r * f.coefWidth), new Bench.Port("nu_o", f.normWidth),
            new Bench.Port("av_o", r * f.coefWidth), new Bench.Port("nv_o", f.normWidth),
            new Bench.Port("skip_o", 1)));
    SplittableRandom rnd = new SplittableRandom(4);
    int samples = 6;
    for (int s = 0; s < samples; s++) {
      long[][] bu = new long[r][];
      long[][] bv = new long[r][];
      for (int i = 0; i < r; i++) {
        bu[i] = codes(rnd, f.n, f.basisWidth);
        bv[i] = codes(rnd, f.m, f.basisWidth);
      }
      long[] u = codes(rnd, f.n, f.inputWidth);
      long[] v = codes(rnd, f.m, f.inputWidth);
      int eu = rnd.nextInt(16);
      int ev = rnd.nextInt(16);
      long cx0 = rnd.nextLong(1L << 20);
      NmsLrtProject.Result want = twin.project(bu, u, eu, bv, v, ev, cx0);
      for (int beat = 0; beat < f.beatsPerSample; beat++) {
        boolean sideV = beat >= f.beatsU;
        int at = (sideV ? beat - f.beatsU : beat) * lanes;
        long[] x = sideV ? v : u;
        long[][] basis = sideV ? bv : bu;
        long[] lanesX = new long[lanes];
        long[] lanesB = new long[r * lanes];
        for (int l = 0; l < lanes; l++) {
          lanesX[l] = at + l < x.length ? x[at + l] : 0;
          for (int i = 0; i < r; i++) {
            lanesB[i * lanes + l] = at + l < x.length ? basis[i][at + l] : 0;
          }
        }
        b.input(BigInteger.valueOf(beat == 0 ? 1 : 0), BigInteger.valueOf(beat == f.beatsPerSample - 1 ? 1 : 0),
            pack(lanesX, f.inputWidth), pack(lanesB, f.basisWidth), BigInteger.valueOf(sideV ? ev : eu),
            BigInteger.valueOf(cx0));
      }
      b.expect(pack(want.u().coef(), f.coefWidth), BigInteger.valueOf(want.u().norm()),
          pack(want.v().coef(), f.coefWidth), BigInteger.valueOf(want.v().norm()),
          BigInteger.valueOf(want.skip() ? 1 : 0));
    }
    Bench.Result free = run(b, LrtProjectUnit.NAME, samples);
    assertEquals(LrtProjectUnit.latency(f), free.outs().get(0).latency(), "latency with the finisher idle");
    long ii = LrtProjectUnit.interval(f);
    assertEquals(f.beatsPerSample, ii, "F finishers keep up with the beats");
    assertTrue(LrtProjectUnit.finishers(f) > 1, "this shape needs several finishers");
    for (int i = 2; i < samples; i++) {
      assertEquals(ii, free.outs().get(i).cycle() - free.outs().get(i - 1).cycle(), "interval before output " + i);
    }
  }

  @Test
  void writeLatencyAndOneCellPerCycle() throws Exception {
    LrtFormats f = c.lrtFormats();
    NmsLrtWrite twin = new NmsLrtWrite(c);
    int fw = f.rank * f.basisWidth;
    Bench b = new Bench(LrtWriteUnit.NAME,
        List.of(new Bench.Port("in_first_i", 1), new Bench.Port("in_last_i", 1), new Bench.Port("in_commit_i", 1),
            new Bench.Port("a_i", fw), new Bench.Port("b_i", fw), new Bench.Port("w_i", f.weightBits)),
        List.of(new Bench.Port("delta_o", f.weightBits), new Bench.Port("w_o", f.weightBits),
            new Bench.Port("we_o", 1), new Bench.Port("count_o", f.countWidth), new Bench.Port("gate_o", 1)));
    SplittableRandom rnd = new SplittableRandom(8);
    int cells = (int) f.cells;
    for (int pass = 0; pass < 2; pass++) {
      for (int cell = 0; cell < cells; cell++) {
        long[] a = codes(rnd, f.rank, f.basisWidth);
        long[] bb = codes(rnd, f.rank, f.basisWidth);
        long w = rnd.nextLong(f.weightMin, f.weightMax + 1);
        boolean first = cell == 0;
        boolean last = cell == cells - 1;
        NmsLrtWrite.Cell want = twin.cell(a, bb, w, first, last, pass == 1);
        b.input(BigInteger.valueOf(first ? 1 : 0), BigInteger.valueOf(last ? 1 : 0), BigInteger.valueOf(pass),
            pack(a, f.basisWidth), pack(bb, f.basisWidth), pack(new long[] {w}, f.weightBits));
        b.expect(pack(new long[] {want.delta()}, f.weightBits), pack(new long[] {want.weight()}, f.weightBits),
            BigInteger.valueOf(want.writeEnable() ? 1 : 0), BigInteger.valueOf(want.count()),
            BigInteger.valueOf(want.gate() ? 1 : 0));
      }
    }
    Bench.Result free = run(b, LrtWriteUnit.NAME, 2 * cells);
    for (Bench.Out o : free.outs()) {
      assertEquals(LrtWriteUnit.latency(f), o.latency(), "latency of output " + o.index());
    }
    for (int i = 1; i < 2 * cells; i++) {
      assertEquals(1, free.outs().get(i).cycle() - free.outs().get(i - 1).cycle(), "one cell per cycle");
    }
    String md = emitted.files().get(LrtWriteUnit.NAME + ".md");
    assertEquals(true, md.contains(UnitSheet.LATENCY), md);
  }
}
