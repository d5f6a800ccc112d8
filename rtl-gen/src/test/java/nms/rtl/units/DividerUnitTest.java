package nms.rtl.units;

import nms.rtl.hdl.Eda;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsDivider;
import nms.rtl.Bench;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.vectors.Version;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nms_divider in Verilator against NmsDivider: 200 divisions within the golden precondition
 * (divisor >= 1, quotient below 2^quotient_width), edge cases first, random gaps and
 * back-pressure, quotient_width cycles per division.
 */
class DividerUnitTest {
  @TempDir Path tmp;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        // dividend_width - quotient_width < sum_a_width: the remainder starts zero-extended.
        Arguments.of("short_sum", List.of("max_rows_per_class=4", "perplexity=2")),
        Arguments.of("narrow", List.of("affinity_frac_bits=8", "entropy_frac_bits=16",
            "t_frac_bits=10", "exp_lut_bits=6", "log_lut_bits=6", "log_interp_bits=4",
            "max_rows_per_class=300", "search_tolerance=0.001")));
  }

  /** {dividend, divisor} pairs: extremes of both operands, then random ones. */
  static List<long[]> stimuli(NmsConfig cfg) {
    Formats f = cfg.formats();
    long maxDividend = (1L << f.dividendWidth) - 1;
    long maxDivisor = (1L << f.sumAWidth) - 1;
    long maxQuotient = (1L << f.quotientWidth) - 1;
    List<long[]> p = new ArrayList<>();
    long[] divisors = {1, 2, 3, maxDivisor, maxDivisor - 1, 1L << (f.sumAWidth - 1),
        cfg.formats().affinityOne, cfg.formats().affinityOne + 1};
    for (long d : divisors) {
      // The largest dividend whose quotient still fits, and its neighbours.
      long top = BigInteger.valueOf(d).multiply(BigInteger.valueOf(maxQuotient + 1))
          .subtract(BigInteger.ONE).min(BigInteger.valueOf(maxDividend)).longValueExact();
      for (long n : new long[] {0, 1, d - 1, d, d + 1, top, top - 1}) {
        if (n >= 0 && n <= maxDividend && n / d <= maxQuotient) {
          p.add(new long[] {n, d});
        }
      }
    }
    Random rnd = new Random(7);
    while (p.size() < 200) {
      long d = 1 + (rnd.nextLong() >>> 1) % maxDivisor;
      if (rnd.nextBoolean()) {
        d = 1 + (d >>> rnd.nextInt(f.sumAWidth)); // small divisors too
      }
      long q = (rnd.nextLong() >>> 1) % (maxQuotient + 1);
      long r = (rnd.nextLong() >>> 1) % d;
      if (Math.multiplyHigh(q, d) == 0 && q * d <= maxDividend - r) {
        p.add(new long[] {q * d + r, d});
      }
    }
    return p.subList(0, 200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void matchesGoldenTwin(String label, List<String> settings) throws Exception {
    NmsConfig cfg = NmsConfig.defaults().withAll(settings);
    Formats f = cfg.formats();
    Design design = new Design(Version.VERSION, cfg.hash());
    Module top = new Units(cfg, design, List.of(new DividerUnit())).get(DividerUnit.NAME);
    NmsDivider golden = new NmsDivider(cfg);
    Bench bench = new Bench(top.name(),
        List.of(new Bench.Port("dividend_i", f.dividendWidth),
            new Bench.Port("divisor_i", f.sumAWidth)),
        List.of(new Bench.Port("quotient_o", f.quotientWidth)));
    List<long[]> pairs = stimuli(cfg);
    for (long[] nd : pairs) {
      bench.input(nd[0], nd[1]).expect(golden.divide(nd[0], nd[1]));
    }
    long perDivision = DividerUnit.latency(cfg);
    bench.timeout(4L * pairs.size() * perDivision + 10_000);
    Path dir = tmp.resolve(label);
    Eda.write(design, top, dir.resolve("rtl"));
    Path sim = bench.build(dir.resolve("tb"), dir.resolve("rtl"));
    // Full rate: each quotient latency(cfg) cycles after its operands, back to back.
    Bench.Result full = Bench.run(sim, 0, 0, 1).assertClean();
    for (Bench.Out o : full.outs()) {
      assertEquals(perDivision, o.latency(), "latency of division #" + o.index());
    }
    assertEquals(pairs.size() * perDivision,
        full.outs().get(pairs.size() - 1).cycle() - full.acceptCycleFirst(),
        "cycles for " + pairs.size() + " divisions of " + perDivision);
    Bench.run(sim, 30, 40, 2).assertClean();
    Bench.run(sim, 70, 75, 3).assertClean();
  }
}
