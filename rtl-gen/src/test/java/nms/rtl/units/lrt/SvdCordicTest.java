package nms.rtl.units.lrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nms.config.LrtFormats;
import nms.config.NmsConfig;
import nms.golden.NmsLrtSvd;
import nms.rtl.Bench;
import nms.vectors.Version;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Eda;
import nms.rtl.hdl.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SVD's rotation engine against {@code NmsLrtSvd.halfAngle} and {@code rotate}: angles from
 * (x, y) of every magnitude up to dot_width (all normalisation shifts), rotations of mw-bit
 * entries; Verilator with bubbles and back-pressure, 0 mismatches, a mutated expectation caught,
 * Icarus agreement, lint-clean under -Wall.
 */
class SvdCordicTest {
  @TempDir Path tmp;

  private static BigInteger enc(long v, int w) {
    return BigInteger.valueOf(v).and(BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE));
  }

  private static long draw(Random rnd, int maxBits) {
    int k = rnd.nextInt(maxBits + 1);
    long v = k == 0 ? 0 : (1L << (k - 1)) | (rnd.nextLong() & ((1L << (k - 1)) - 1));
    return rnd.nextBoolean() ? -v : v;
  }

  @Test
  void matchesGoldenRotationBitForBit() throws Exception {
    NmsConfig cfg = NmsConfig.defaults().with("lrt", "true");
    LrtFormats.SvdFormats s = cfg.lrtFormats().svd();
    NmsLrtSvd golden = new NmsLrtSvd(cfg, 1);
    Design design = new Design(Version.VERSION, cfg.hash());
    Module top = SvdCordic.build(design, s);
    int xw = SvdCordic.angleInWidth(s);
    int ow = SvdCordic.outWidth(s);
    int tw = SvdCordic.thetaWidth(s);
    List<BigInteger[]> in = new ArrayList<>();
    List<BigInteger[]> want = new ArrayList<>();
    Random rnd = new Random(14);
    for (int t = 0; t < 400; t++) {
      long x = draw(rnd, xw - 2);
      long y = draw(rnd, xw - 2);
      // entries of W below 2^(mw-2) in magnitude: |(a, b)| stays in the mw + 1 output bits
      long a = draw(rnd, s.mw - 2);
      long b = draw(rnd, s.mw - 2);
      long theta = golden.halfAngle(x, y);
      long[] p = golden.rotate(a, b, theta);
      in.add(new BigInteger[] {enc(x, xw), enc(y, xw), enc(a, s.mw), enc(b, s.mw)});
      want.add(new BigInteger[] {enc(theta, tw), enc(p[0], ow), enc(p[1], ow)});
    }
    Path dir = tmp.resolve("cordic");
    List<String> sources = Eda.write(design, top, dir.resolve("rtl"));
    List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module",
        SvdCordic.NAME));
    lint.addAll(sources);
    Eda.run(dir.resolve("rtl"), lint);

    Bench good = bench(in, want, -1);
    Path sim = good.build(dir.resolve("tb"), dir.resolve("rtl"));
    Bench.Result full = Bench.run(sim, 0, 0, 1).assertClean();
    for (Bench.Out o : full.outs()) {
      assertEquals(SvdCordic.latency(s), o.latency(), "latency of pair #" + o.index());
    }
    assertEquals((in.size() - 1) * (SvdCordic.latency(s) + 1) + SvdCordic.latency(s),
        full.outs().get(in.size() - 1).cycle() - full.acceptCycleFirst(), "cycles per pair at full rate");
    Bench.run(sim, 30, 40, 2).assertClean();
    Bench.run(sim, 70, 75, 3).assertClean();

    // Icarus agrees (the same bench, another simulator)
    Path ivl = good.buildIcarus(dir.resolve("tb"), dir.resolve("rtl"));
    assertEquals(in.size(), Bench.runIcarus(ivl, 30, 40, 2).assertClean().outputs());

    Bench bad = bench(in, want, 123);
    Path badSim = bad.build(dir.resolve("tb_bad"), dir.resolve("rtl"));
    Bench.Result caught = Bench.run(badSim, 30, 40, 2);
    assertTrue(caught.errors() > 0, "a mutated expected rotation went unnoticed");
  }

  private static Bench bench(List<BigInteger[]> in, List<BigInteger[]> want, int mutate) {
    LrtFormats.SvdFormats s = NmsConfig.defaults().with("lrt", "true").lrtFormats().svd();
    int xw = SvdCordic.angleInWidth(s);
    Bench b = new Bench(SvdCordic.NAME,
        List.of(new Bench.Port("x_i", xw), new Bench.Port("y_i", xw), new Bench.Port("a_i", s.mw),
            new Bench.Port("b_i", s.mw)),
        List.of(new Bench.Port("theta_o", SvdCordic.thetaWidth(s)),
            new Bench.Port("a_o", SvdCordic.outWidth(s)), new Bench.Port("b_o", SvdCordic.outWidth(s))));
    // one pair in flight: latency + 1 cycles per pair, times 4 for the heaviest gaps and stalls
    b.timeout(4L * in.size() * (SvdCordic.latency(s) + 1) + 100);
    for (int t = 0; t < in.size(); t++) {
      BigInteger[] w = want.get(t).clone();
      if (t == mutate) {
        w[1] = w[1].flipBit(0);
      }
      b.input(in.get(t)).expect(w);
    }
    return b;
  }
}
