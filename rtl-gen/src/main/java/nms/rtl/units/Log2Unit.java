package nms.rtl.units;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsLog2;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * Generates {@code nms_log2}, the twin of {@link NmsLog2} (arithmetic spec 6.1): {@code log2_o =
 * log2(s_i / 2^affinity_frac)} in Q.entropy_frac for {@code s_i >= 2^affinity_frac}.
 *
 * <p>Three register stages, II = 1, the whole pipe stalling while the output is held:
 *
 * <ol>
 *   <li>leading-one detector (priority encoder) and normalising shift: integer part {@code p -
 *       affinity_frac} and the {@code log_mantissa_bits} mantissa bits below the leading one;
 *   <li>registered ROM read (Yosys maps it to block RAM): {@code L[idx]} and {@code L[idx+1] -
 *       L[idx]} packed in one word, so one read port serves the interpolation;
 *   <li>interpolation, the guard-bit rounding and the integer part, into the output register.
 * </ol>
 *
 * <p>The ROM words come from {@code new NmsLog2(cfg).rom()}, never recomputed. An input below
 * {@code 2^affinity_frac} (the golden model refuses it) gives the result for a leading one at
 * bit {@code affinity_frac}; the perplexity unit never produces one, since {@code S >= 1.0}.
 */
public class Log2Unit implements UnitGenerator {
  public static final String NAME = "nms_log2";

  /** Register stages from an accepted input to its output (cycles of latency). */
  public static final int LATENCY = 3;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsLog2.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    return new UnitSheet()
        .summary("`log2(s)` of a row sum s >= 1.0 by leading-one detection, a "
            + ((1 << c.logLutBits()) + 1) + "-entry ROM and " + c.logInterpBits()
            + "-bit interpolation (docs/ARITHMETIC.md section 6.1).")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "`s_i` is offered")
        .port("in_ready_o", "flag", "the unit takes `s_i` this cycle")
        .port("s_i", "Q." + c.affinityFracBits(), "the row sum s, s >= 1.0 = "
            + f.affinityOne)
        .port("out_valid_o", "flag", "`log2_o` holds a result")
        .port("out_ready_i", "flag", "the receiver takes `log2_o`")
        .port("log2_o", "Q." + c.entropyFracBits(), "log2(s)")
        .timing(UnitSheet.LATENCY, "accepting `s_i` to `out_valid_o`",
            "3 (leading one and shift, ROM read, interpolation)", LATENCY)
        .timing(UnitSheet.II, "cycles between results", "1", 1)
        .framing("One beat per transaction; no flags.")
        .outOfRange("`s_i` < 1.0 (" + f.affinityOne + ", refused by the golden model)",
            "read as if bit " + c.affinityFracBits() + " were set: `log2_o` is the result for"
                + " `s_i + " + f.affinityOne + "`");
  }

  /** Width of the result register: {@code log2_width}; overridden only by contract tests. */
  protected int resultWidth(Formats f) {
    return f.log2Width;
  }

  @Override
  public Module build(Units units) {
    NmsConfig cfg = units.config();
    Formats f = units.formats();
    int sw = f.sumAWidth;
    int af = cfg.affinityFracBits();
    int hf = cfg.entropyFracBits();
    int mb = f.logMantissaBits;
    int ib = cfg.logInterpBits();
    int lw = f.logLutWidth;
    long[] table = new NmsLog2(cfg).rom();

    Module m = units.design().module(NAME,
        "log2 of a row sum (Q." + af + ") in Q." + hf + ": leading one, "
            + table.length + "-entry ROM, " + ib + "-bit interpolation; 3 stages, II = 1");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal s = m.input("s_i", sw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal log2Out = m.output("log2_o", f.log2Width);

    m.comment("One stall signal for the whole pipe: it moves when the output is empty or taken");
    Reg valid1 = m.reg("valid_s1", 1, 0);
    Reg valid2 = m.reg("valid_s2", 1, 0);
    Reg valid3 = m.reg("valid_s3", 1, 0);
    Signal advance = m.wire("advance", valid3.q().not().or(outReady));
    m.assign(inReady, advance);
    valid1.next(inValid).enableWhen(advance);
    valid2.next(valid1.q()).enableWhen(advance);
    valid3.next(valid2.q()).enableWhen(advance);

    // Stage 1: the leading one p (>= affinity_frac for a valid input) gives the integer part
    // p - affinity_frac; shifting it to the top bit lines the mantissa up below it.
    int maxInt = sw - 1 - af;
    int intWidth = Formats.bits(maxInt);
    // A chain of muxes rather than an always_comb of bit tests: Icarus cannot take constant
    // bit selects in always_* sensitivity and says so.
    m.comment("Stage 1: leading-one detector, the highest set bit at or above affinity_frac wins;"
        + " the shift puts it at the top");
    Expr priority = Expr.lit(intWidth, 0);
    for (int i = af + 1; i < sw; i++) {
      priority = Expr.mux(s.bit(i), Expr.lit(intWidth, i - af), priority);
    }
    Signal lead = m.wire("lead_int", priority);
    Signal shift = m.wire("norm_shift", Expr.lit(intWidth, maxInt).subWrap(lead));
    Signal norm = m.wire("s_norm", s.shlWrap(shift));
    // The mantissa is the M bits below the leading one, zero-filled when s is shorter (spec
    // 6.1: s << (M - p) for p < M). The leading one itself is implied.
    Expr mantissa;
    if (mb <= sw - 1) {
      mantissa = norm.slice(sw - 2, sw - 1 - mb);
      if (sw - 1 - mb > 0) {
        m.markUnused(norm.slice(sw - 2 - mb, 0)); // truncated, as the spec says
      }
    } else {
      mantissa = Expr.cat(norm.slice(sw - 2, 0), Expr.lit(mb - (sw - 1), 0));
    }
    m.markUnused(norm.bit(sw - 1)); // the implied leading one
    Reg mant1 = m.regNoReset("mant_s1", mb).next(mantissa).enableWhen(advance);
    Reg lead1 = m.regNoReset("lead_s1", intWidth).next(lead).enableWhen(advance);

    // Stage 2: registered ROM read. With interpolation each word packs L[k] (low bits) and
    // L[k+1] - L[k] above it, k < 2^log_lut_bits; without, a word is L[k].
    int lutEntries = 1 << cfg.logLutBits();
    BigInteger[] words = new BigInteger[lutEntries];
    int deltaWidth = 0;
    if (ib > 0) {
      long maxDelta = 0;
      for (int k = 0; k < lutEntries; k++) {
        maxDelta = Math.max(maxDelta, table[k + 1] - table[k]);
      }
      deltaWidth = Formats.bits(maxDelta);
      for (int k = 0; k < lutEntries; k++) {
        words[k] = BigInteger.valueOf(table[k + 1] - table[k]).shiftLeft(lw)
            .or(BigInteger.valueOf(table[k]));
      }
    } else {
      for (int k = 0; k < lutEntries; k++) {
        words[k] = BigInteger.valueOf(table[k]);
      }
    }
    m.comment("Stage 2: registered read (block RAM) of log2(1 + k / 2^" + cfg.logLutBits()
        + ") from NmsLog2.rom()" + (ib > 0 ? ", L[k+1] - L[k] packed above L[k]" : ""));
    Reg rom2 = m.regNoReset("rom_s2", lw + deltaWidth);
    Signal index = m.wire("lut_index", mant1.q().slice(mb - 1, ib));
    m.rom(rom2.d(), words, index);
    rom2.enableWhen(advance);
    Reg lead2 = m.regNoReset("lead_s2", intWidth).next(lead1.q()).enableWhen(advance);
    Reg rem2 = ib == 0 ? null
        : m.regNoReset("rem_s2", ib).next(mant1.q().slice(ib - 1, 0)).enableWhen(advance);

    // Stage 3: y = L[idx] + round_shift(delta * rem, interp_bits); log2 = (int << frac) +
    // round_shift(y, 2). Every sum here is exact; y <= L[2^lut_bits] = 2^(frac + 2).
    m.comment("Stage 3: interpolate, drop the " + Formats.LOG_GUARD
        + " guard bits (round half up), add the integer part");
    Expr y = rom2.q().slice(lw - 1, 0);
    if (ib > 0) {
      Signal base = m.wire("lut_base", rom2.q().slice(lw - 1, 0));
      Signal delta = m.wire("lut_delta", rom2.q().slice(lw + deltaWidth - 1, lw));
      Signal interp = m.wire("interp", Arith.roundShift(delta.mul(rem2.q()), ib));
      y = base.add(interp);
    }
    Signal yWire = m.wire("log_frac_guard", y);
    Signal frac = m.wire("log_frac", Arith.roundShift(yWire, Formats.LOG_GUARD));
    m.markUnused(yWire.slice(Formats.LOG_GUARD - 2, 0)); // below the rounding bit: no effect
    Expr whole = Expr.cat(lead2.q(), Expr.lit(hf, 0)).add(frac);
    // At most (max int << frac) + 2^frac = (sum_a_width - affinity_frac) << frac, the bound
    // log2_width is made for (round_shift(y, 2) <= 2^frac).
    long maxLog2 = (long) (sw - af) << hf;
    Reg result = m.regNoReset("log2", resultWidth(f))
        .next(whole.narrow(resultWidth(f), maxLog2)).enableWhen(advance);
    m.assign(outValid, valid3.q());
    m.assign(log2Out, result.q());

    // Assertions (simulation only). s_i >= 1.0: the perplexity unit's row sum by construction.
    m.assertStableWhileStalled("in_stable", inValid, inReady, s);
    m.assertStableWhileStalled("out_stable", outValid, outReady, log2Out);
    m.assertOutstanding("one_log2_per_s", inValid.and(inReady), outValid.and(outReady), LATENCY);
    m.assertImplies("s_at_least_one", inValid.and(inReady), s.ge(f.affinityOne),
        "s_i must be >= 1.0 = " + f.affinityOne, s);
    m.assertAtMostWhen("log2_in_range", valid3.q(), result.q(), maxLog2);
    return m;
  }
}
