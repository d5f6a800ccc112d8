package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsAffinity;
import nms.golden.NmsDistance;
import nms.golden.NmsExp2;
import nms.rtl.units.AffinityUnit;
import nms.rtl.units.DistanceUnit;
import nms.rtl.units.Exp2Unit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each unit in Verilator against its golden twin: a generated self-checking bench, once with
 * random input gaps and output stalls (no transaction may be lost, duplicated or changed while
 * held), once streaming freely to measure latency and throughput against the generator's claims.
 * The stressed run is repeated under Icarus, whose 4-state semantics would expose an X from a
 * register without reset reaching an output or a handshake.
 */
@Execution(ExecutionMode.CONCURRENT)
class UnitSmokeTest {
  @TempDir Path tmp;

  static NmsConfig config(String sets) {
    return sets.isEmpty() ? NmsConfig.defaults()
        : NmsConfig.defaults().withAll(Arrays.asList(sets.split(",")));
  }

  /** Emits every unit of {@code c} into {@code tmp/rtl}. */
  Path rtl(NmsConfig c) throws Exception {
    Path dir = tmp.resolve("rtl");
    RtlEmitter.emit(c).writeTo(dir);
    return dir;
  }

  // ---- nms_distance -------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "dims=784,lanes=32,pixel_width=8",
      "dims=100,lanes=8,pixel_width=12,metric=l1,adder_levels_per_stage=2",
      "dims=30,lanes=7,pixel_width=16,adder_levels_per_stage=3"})
  void distanceMatchesGoldenUnderBackPressureAndStreamsOneBeatPerCycle(String sets)
      throws Exception {
    NmsConfig c = config(sets);
    Formats f = c.formats();
    int w = c.pixelWidth();
    int lanes = c.lanes();
    NmsDistance golden = new NmsDistance(c);
    Bench bench = new Bench("nms_distance",
        List.of(new Bench.Port("in_first_i", 1), new Bench.Port("in_last_i", 1),
            new Bench.Port("a_i", lanes * w), new Bench.Port("b_i", lanes * w)),
        List.of(new Bench.Port("dist_o", f.distWidth)));
    Random rnd = new Random(sets.hashCode());
    int pairs = 22;
    for (int p = 0; p < pairs; p++) {
      int[] a = new int[c.dims()];
      int[] b = new int[c.dims()];
      for (int k = 0; k < c.dims(); k++) {
        if (p == 0) { // the largest distance: every pixel at full scale against zero
          a[k] = f.maxPixel;
        } else if (p == 1) { // identical images
          a[k] = b[k] = rnd.nextInt(f.maxPixel + 1);
        } else {
          a[k] = rnd.nextInt(f.maxPixel + 1);
          b[k] = rnd.nextInt(4) == 0 ? f.maxPixel - a[k] : rnd.nextInt(f.maxPixel + 1);
        }
      }
      for (int beat = 0; beat < f.beats; beat++) {
        BigInteger wa = BigInteger.ZERO;
        BigInteger wb = BigInteger.ZERO;
        for (int lane = lanes - 1; lane >= 0; lane--) {
          int k = beat * lanes + lane;
          // Lanes past dims on the last beat: zeros, or (odd pairs) junk the unit must ignore.
          long pa = k < c.dims() ? a[k] : (p % 2 == 1 ? rnd.nextInt(f.maxPixel + 1) : 0);
          long pb = k < c.dims() ? b[k] : (p % 2 == 1 ? rnd.nextInt(f.maxPixel + 1) : 0);
          wa = wa.shiftLeft(w).or(BigInteger.valueOf(pa));
          wb = wb.shiftLeft(w).or(BigInteger.valueOf(pb));
        }
        bench.input(BigInteger.valueOf(beat == 0 ? 1 : 0),
            BigInteger.valueOf(beat == f.beats - 1 ? 1 : 0), wa, wb);
      }
      long d = golden.distance(a, b);
      if (p == 0) {
        assertEquals(f.maxDist, d, "pair 0 is the largest distance");
      }
      bench.expect(d);
    }
    Path sim = bench.build(tmp.resolve("tb"), rtl(c));

    Bench.Result stressed = Bench.run(sim, 30, 40, 7);
    stressed.assertClean();
    assertEquals(pairs, stressed.outputs());
    Bench.Result icarus = Bench.runIcarus(bench.buildIcarus(tmp.resolve("tb"), tmp.resolve("rtl")),
        30, 40, 7);
    icarus.assertClean();
    assertEquals(pairs, icarus.outputs());

    Bench.Result free = Bench.run(sim, 0, 0, 1);
    free.assertClean();
    int latency = DistanceUnit.latency(c);
    for (Bench.Out o : free.outs()) {
      assertEquals(latency, o.latency(), "latency of pair " + o.index());
    }
    for (int i = 1; i < free.outs().size(); i++) {
      assertEquals(f.beats, free.outs().get(i).cycle() - free.outs().get(i - 1).cycle(),
          "cycles per pair (II = 1 per beat) between pairs " + (i - 1) + " and " + i);
    }
    long total = free.outs().get(pairs - 1).cycle() - free.acceptCycleFirst();
    assertEquals((long) pairs * f.beats - 1 + latency, total, "cycles for all pairs");

    // The bench itself: one wrong expected distance must be reported, naming output and port.
    Path expFile = sim.getParent().getParent().resolve("exp.hex");
    List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(expFile));
    lines.set(5, new BigInteger(lines.get(5), 16).xor(BigInteger.ONE).toString(16));
    java.nio.file.Files.write(expFile, lines);
    Bench.Result corrupted = Bench.run(sim, 30, 40, 7);
    assertEquals(1, corrupted.errors(), corrupted.log());
    assertTrue(corrupted.log().contains("MISMATCH output 5 port dist_o"), corrupted.log());
  }

  // ---- nms_exp2 -----------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "exp_lut_bits=4,exp_interp=false", "exp_lut_bits=5,t_frac_bits=5"})
  void exp2MatchesGoldenOverEveryRomSegmentAndSaturation(String sets) throws Exception {
    NmsConfig c = config(sets);
    Formats f = c.formats();
    NmsExp2 golden = new NmsExp2(c);
    Bench bench = new Bench("nms_exp2", List.of(new Bench.Port("t_i", f.tWidth)),
        List.of(new Bench.Port("a_o", f.affinityWidth)));
    Random rnd = new Random(sets.hashCode());
    int tf = c.tFracBits();
    int segments = 1 << c.expLutBits();
    int af = c.affinityFracBits();
    long[] special = {0, 1, (1L << tf) - 1, 1L << tf, ((long) (af + 1) << tf) | ((1L << tf) - 1),
        f.tSat - 1, f.tSat, f.tSat + 1, (1L << f.tWidth) - 1, (long) af << tf};
    int n = 300;
    assertTrue(segments + special.length <= n, "300 values cover every ROM segment");
    for (int i = 0; i < n; i++) {
      long t;
      if (i < special.length) {
        t = special[i];
      } else if (i < special.length + segments) {
        long seg = i - special.length;
        long ti = rnd.nextInt(af + 2); // every shift that does not round to 0
        long low = tf > c.expLutBits() ? rnd.nextLong() & ((1L << (tf - c.expLutBits())) - 1) : 0;
        t = (ti << tf) | (seg << (tf - c.expLutBits())) | low;
      } else {
        t = rnd.nextLong() & ((1L << f.tWidth) - 1); // including saturated ones
      }
      bench.input(t).expect(golden.exp2(t));
    }
    Path sim = bench.build(tmp.resolve("tb"), rtl(c));
    Bench.Result stressed = Bench.run(sim, 30, 40, 3);
    stressed.assertClean();
    assertEquals(n, stressed.outputs());
    Bench.Result icarus = Bench.runIcarus(bench.buildIcarus(tmp.resolve("tb"), tmp.resolve("rtl")),
        30, 40, 3);
    icarus.assertClean();
    assertEquals(n, icarus.outputs());
    Bench.Result free = Bench.run(sim, 0, 0, 1);
    free.assertClean();
    for (Bench.Out o : free.outs()) {
      assertEquals(Exp2Unit.LATENCY, o.latency(), "latency of t #" + o.index());
    }
    assertEquals(n - 1 + Exp2Unit.LATENCY,
        free.outs().get(n - 1).cycle() - free.acceptCycleFirst(), "II = 1");
  }

  // ---- nms_affinity -------------------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "pixel_width=16,dims=3072,lanes=32,max_rows_per_class=64,perplexity=10"})
  void affinityMatchesGoldenRowByRow(String sets) throws Exception {
    NmsConfig c = config(sets);
    Formats f = c.formats();
    NmsAffinity golden = new NmsAffinity(c);
    Bench bench = new Bench("nms_affinity",
        List.of(new Bench.Port("first_i", 1), new Bench.Port("last_i", 1),
            new Bench.Port("beta_i", f.betaWidth), new Bench.Port("dmin_i", f.distWidth),
            new Bench.Port("dist_i", f.distWidth)),
        List.of(new Bench.Port("last_o", 1), new Bench.Port("t_o", f.tWidth),
            new Bench.Port("a_o", f.affinityWidth), new Bench.Port("sum_a_o", f.sumAWidth),
            new Bench.Port("sum_ta_o", f.sumTaWidth)));
    Random rnd = new Random(sets.hashCode());
    int af = c.affinityFracBits();
    int bf = c.betaFracBits();
    int maxElems = c.maxRowsPerClass() - 1;
    // (elements, spread of d', beta): t across the ROM and into saturation; the largest beta
    // (product far beyond 64 bits); a single element; the smallest beta over the widest spread.
    long spreadA = Math.max(1, f.maxDist / 1000);
    long[][] rows = {
        {Math.min(40, maxElems), spreadA, BigInteger.valueOf(af + 4).shiftLeft(bf)
            .divide(BigInteger.valueOf(spreadA)).min(BigInteger.valueOf(f.betaMax)).longValue()},
        {Math.min(12, maxElems), f.maxDist / 2, f.betaMax},
        {1, 0, f.betaOne},
        {Math.min(25, maxElems), f.maxDist, 1},
        {Math.min(30, maxElems), 64, f.betaOne}};
    int elements = 0;
    for (long[] row : rows) {
      int count = (int) row[0];
      long spread = row[1];
      long beta = Math.max(1, row[2]);
      long dmin = rnd.nextLong(f.maxDist - spread + 1);
      long bl = golden.betaLog2e(beta);
      long sumA = 0;
      long sumTa = 0;
      int minAt = rnd.nextInt(count);
      for (int j = 0; j < count; j++) {
        long d = j == minAt ? dmin : dmin + rnd.nextLong(spread + 1);
        long t = golden.t(bl, d - dmin);
        long a = golden.a(t);
        sumA += a;
        sumTa += t * a;
        boolean first = j == 0;
        boolean last = j == count - 1;
        // beta_i and dmin_i only count with first_i: junk elsewhere.
        long betaIn = first ? beta : rnd.nextLong(f.betaMax + 1);
        long dminIn = first ? dmin : rnd.nextLong(f.maxDist + 1);
        bench.input(first ? 1 : 0, last ? 1 : 0, betaIn, dminIn, d)
            .expect(last ? 1 : 0, t, a, sumA, sumTa);
        elements++;
      }
    }
    Path sim = bench.build(tmp.resolve("tb"), rtl(c));
    Bench.Result stressed = Bench.run(sim, 30, 40, 5);
    stressed.assertClean();
    assertEquals(elements, stressed.outputs());
    Bench.Result icarus = Bench.runIcarus(bench.buildIcarus(tmp.resolve("tb"), tmp.resolve("rtl")),
        30, 40, 5);
    icarus.assertClean();
    assertEquals(elements, icarus.outputs());
    Bench.Result free = Bench.run(sim, 0, 0, 1);
    free.assertClean();
    for (Bench.Out o : free.outs()) {
      assertEquals(AffinityUnit.latency(c), o.latency(), "latency of element " + o.index());
    }
    assertEquals(elements - 1 + AffinityUnit.latency(c),
        free.outs().get(elements - 1).cycle() - free.acceptCycleFirst(), "II = 1");
  }
}
