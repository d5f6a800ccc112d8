package nms.rtl.units;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.FixedPoint;
import nms.golden.NmsExp2;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_exp2} (docs/ARITHMETIC.md section 5.1): {@code a = 2^-t}. The integer part of t is a
 * rounding right shift, the top {@code exp_lut_bits} of the fraction address a ROM of
 * {@code 2^-f} (the golden model's table, {@link NmsExp2#rom()}), the remaining fraction bits
 * interpolate linearly to the next entry.
 *
 * <p>Pipeline, {@value #LATENCY} register stages, II = 1: (1) registered ROM read, (2)
 * interpolation, (3) rounding shift into the output register. All stages load on one enable,
 * {@code advance = !out_valid_o || out_ready_i}, which is also {@code in_ready_o}: the pipe
 * stops as one while the output is held. {@link AffinityUnit} relies on this (it carries t
 * alongside in registers that load on the same {@code in_ready_o}).
 */
public class Exp2Unit implements UnitGenerator {
  public static final String NAME = "nms_exp2";

  /** Register stages from {@code t_i} accepted to {@code a_o} valid. */
  public static final int LATENCY = 3;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsExp2.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    return new UnitSheet()
        .summary("`a = 2^-t` by a " + f.expLutEntries + "-entry ROM"
            + (f.expInterpBits > 0 ? " and " + f.expInterpBits + "-bit linear interpolation"
                : "") + " (docs/ARITHMETIC.md section 5.1).")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "`t_i` is offered")
        .port("in_ready_o", "flag", "the unit takes `t_i` this cycle")
        .port("t_i", "Q." + c.tFracBits(), "the exponent t >= 0")
        .port("out_valid_o", "flag", "`a_o` holds a result")
        .port("out_ready_i", "flag", "the receiver takes `a_o`")
        .port("a_o", "Q." + c.affinityFracBits(), "`2^-t`, 0 .. 1.0 (1.0 = "
            + f.affinityOne + " exactly at t = 0)")
        .timing(UnitSheet.LATENCY, "accepting `t_i` to `out_valid_o`",
            "3 (ROM read, interpolation, rounding shift)", LATENCY)
        .timing(UnitSheet.II, "cycles between results", "1", 1)
        .framing("One beat per transaction; no flags.")
        .outOfRange("`t_i >= t_sat` = " + f.tSat + " (integer part >= affinity_frac_bits + 2),"
            + " up to 2^" + f.tWidth + " - 1", "`a_o` = 0, as 2^-t rounds to 0 there");
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    int tFrac = c.tFracBits();
    int lutBits = c.expLutBits();
    int interpBits = f.expInterpBits;
    int lutWidth = f.expLutWidth;
    int dropShift = f.expLutFrac - c.affinityFracBits();
    long[] golden = new NmsExp2(c).rom();
    if (golden.length != f.expLutEntries) {
      throw new IllegalStateException("exp2 ROM has " + golden.length + " entries, the format "
          + f.expLutEntries);
    }

    Module m = units.design().module(NAME, "a = 2^-t, t in Q." + tFrac + ", a in Q."
        + c.affinityFracBits() + ", " + golden.length + "-entry ROM"
        + (interpBits > 0 ? " with " + interpBits + "-bit linear interpolation" : ""));
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal t = m.input("t_i", f.tWidth);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal aOut = m.output("a_o", f.affinityWidth);

    Signal advance = m.wire("advance", 1);
    m.assign(inReady, advance);

    // Stage 1: split t, read the ROM.
    m.comment("t = ti.tf: ti shifts, the top " + lutBits + " bits of tf address the ROM"
        + (interpBits > 0 ? ", the low " + interpBits + " bits interpolate" : ""));
    Signal tInt = m.wire("t_int", t.slice(f.tWidth - 1, tFrac));
    Signal index = m.wire("lut_index", t.slice(tFrac - 1, tFrac - lutBits));
    int unusedFrac = tFrac - lutBits - interpBits;
    if (unusedFrac > 0) {
      m.markUnused(t.slice(tFrac - lutBits - 1, interpBits)); // no interpolation: truncated
    }
    m.comment("From ti >= affinity_frac + 2 on, 2^-t rounds to 0");
    Signal zero = m.wire("t_zero", tInt.ge(c.affinityFracBits() + 2));

    // Each word holds E[k] and, for interpolation, the step E[k] - E[k+1] (>= 0: the table
    // falls), so one read gives both ends of the interval.
    int entries = 1 << lutBits;
    long maxStep = 0;
    for (int k = 0; k < entries; k++) {
      long step = golden[k] - golden[k + 1];
      if (step < 0) {
        throw new IllegalStateException("exp2 ROM rises between entries " + k + " and " + (k + 1));
      }
      maxStep = Math.max(maxStep, step);
    }
    int stepWidth = interpBits > 0 ? Arith.bits(maxStep) : 0;
    BigInteger[] words = new BigInteger[entries];
    for (int k = 0; k < entries; k++) {
      BigInteger e = BigInteger.valueOf(golden[k]);
      words[k] = interpBits > 0
          ? e.shiftLeft(stepWidth).or(BigInteger.valueOf(golden[k] - golden[k + 1]))
          : e;
    }
    Reg rom = m.regNoReset("lut_word", lutWidth + stepWidth);
    m.rom(rom.d(), words, index);
    rom.enableWhen(advance);
    Signal s1Valid = m.reg("s1_valid", 1, 0).next(inValid).enableWhen(advance).q();
    Signal s1Int = m.regNoReset("s1_int", tInt.width()).next(tInt).enableWhen(advance).q();
    Signal s1Zero = m.regNoReset("s1_zero", 1).next(zero).enableWhen(advance).q();

    // Stage 2: interpolate.
    Signal lutE = m.wire("lut_e", rom.q().slice(lutWidth + stepWidth - 1, stepWidth));
    Expr y;
    if (interpBits > 0) {
      Signal s1Rem = m.regNoReset("s1_rem", interpBits)
          .next(t.slice(interpBits - 1, 0)).enableWhen(advance).q();
      Signal step = m.wire("lut_step", rom.q().slice(stepWidth - 1, 0));
      m.comment("y = E[k] - round_shift(step * rem, " + interpBits + "); the correction is at most"
          + " the step, so y >= E[k+1] >= 0");
      Signal corr = m.wire("interp_corr",
          Arith.roundShift(step.mul(s1Rem), interpBits).narrow(stepWidth, maxStep));
      y = lutE.subWrap(corr.zext(lutWidth));
    } else {
      y = lutE;
      if (dropShift > 1) {
        m.markUnused(lutE.slice(dropShift - 2, 0)); // below the rounding bit of the shift
      }
    }
    if (dropShift < 1) {
      throw new IllegalStateException("exp2 needs guard bits, got " + dropShift);
    }
    // round_shift(y, ti + drop) never looks at y's low drop - 1 bits: keep y >> (drop - 1).
    Signal s2Y = m.regNoReset("s2_y", lutWidth - dropShift + 1)
        .next(y.slice(lutWidth - 1, dropShift - 1)).enableWhen(advance).q();
    Signal s2Valid = m.reg("s2_valid", 1, 0).next(s1Valid).enableWhen(advance).q();
    Signal s2Int = m.regNoReset("s2_int", tInt.width()).next(s1Int).enableWhen(advance).q();
    Signal s2Zero = m.regNoReset("s2_zero", 1).next(s1Zero).enableWhen(advance).q();

    // Stage 3: a = round_shift(y, ti + drop) = (((y >> (drop - 1)) >> ti) + 1) >> 1.
    m.comment("a = round_shift(y, ti + " + dropShift + "), y in Q." + f.expLutFrac + ", a in Q."
        + c.affinityFracBits() + "; at most round_shift(E[0], " + dropShift + ") = 1.0");
    Signal shifted = m.wire("y_shifted", s2Y.shr(s2Int));
    long maxA = FixedPoint.roundShift(golden[0], dropShift);
    Signal rounded = m.wire("a_rounded",
        shifted.add(1).slice(shifted.width(), 1).narrow(f.affinityWidth, maxA));
    Reg a = m.regNoReset("a", f.affinityWidth)
        .next(Expr.mux(s2Zero, Expr.lit(f.affinityWidth, 0), rounded)).enableWhen(advance);
    Reg outValidReg = m.reg("out_valid", 1, 0).next(s2Valid).enableWhen(advance);

    m.assign(advance, outValidReg.q().not().or(outReady));
    m.assign(outValid, outValidReg.q());
    m.assign(aOut, a.q());

    // Assertions (simulation only).
    m.assertStableWhileStalled("in_stable", inValid, inReady, t);
    m.assertStableWhileStalled("out_stable", outValid, outReady, aOut);
    m.assertOutstanding("one_a_per_t", inValid.and(inReady), outValid.and(outReady), LATENCY);
    m.assertAtMostWhen("a_in_range", outValidReg.q(), a.q(), maxA);
    return m;
  }
}
