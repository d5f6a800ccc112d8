package nms.rtl.units;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsAffinity;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_affinity} (docs/ARITHMETIC.md section 5): per element of a row, {@code t} from the
 * row's {@code beta} and the shifted distance, {@code a = 2^-t} through an {@code nms_exp2}
 * instance, and the running sums {@code S = sum a}, {@code T = sum t*a}, restarted by
 * {@code first_i}. {@code beta_i} and {@code dmin_i} are taken on the element with
 * {@code first_i} and hold for the row.
 *
 * <p>Pipeline, {@link #latency} register stages, II = 1: (1) {@code beta * log2(e)} rounded into
 * the row register (on {@code first_i}) and {@code d' = d - dmin}; (2) the product
 * {@code round(beta log2e) * d'}, wider than 64 bits at most configurations; (3) its rounding
 * shift and saturation to {@code t}; then {@code nms_exp2}; then the output register, which is
 * also the running sums. The stages before exp2 stop together when exp2 cannot take t; the
 * {@code t}/{@code first}/{@code last} of each element ride through registers that load on
 * exp2's {@code in_ready_o}, as exp2's own stages do, so they leave exp2 together with the
 * element's {@code a}.
 */
public class AffinityUnit implements UnitGenerator {
  public static final String NAME = "nms_affinity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsAffinity.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    int rows = c.maxRowsPerClass() - 1;
    String af = "Q." + c.affinityFracBits();
    return new UnitSheet()
        .summary("Per element of a row: `t = min(round_shift(round_shift(beta * LOG2E, 32) *"
            + " (d - dmin), beta_frac_bits - t_frac_bits), t_sat)`, `a = 2^-t` (an `nms_exp2`"
            + " instance) and the running sums `S = sum a`, `T = sum t * a`"
            + " (docs/ARITHMETIC.md section 5).")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "an element is offered")
        .port("in_ready_o", "flag", "the unit takes the element this cycle")
        .port("first_i", "flag", "first element of a row: takes `beta_i` and `dmin_i`, restarts"
            + " S and T")
        .port("last_i", "flag", "last element of a row: passed on as `last_o`")
        .port("beta_i", "Q." + c.betaFracBits(), "the row's precision beta, 1 .. beta_max = "
            + f.betaMax + " (`2^beta_width - 1`); read only with `first_i`")
        .port("dmin_i", "unsigned integer", "the row's smallest distance; read only with"
            + " `first_i`")
        .port("dist_i", "unsigned integer", "the element's distance d, d >= the row's dmin")
        .port("out_valid_o", "flag", "the element's results are valid")
        .port("out_ready_i", "flag", "the receiver takes them")
        .port("last_o", "flag", "`last_i` of this element")
        .port("t_o", "Q." + c.tFracBits(), "t of this element, at most t_sat = " + f.tSat)
        .port("a_o", af, "`2^-t`, 0 .. 1.0")
        .port("sum_a_o", af, "S over the row's elements up to and including this one")
        .port("sum_ta_o", "Q." + (c.tFracBits() + c.affinityFracBits()),
            "T over the row's elements up to and including this one")
        .timing(UnitSheet.LATENCY, "accepting an element to its `out_valid_o`",
            "3 + nms_exp2 latency (3) + 1", latency(c))
        .timing(UnitSheet.II, "cycles between elements", "1", 1)
        .framing("`first_i` starts a row: beta and dmin are taken, S and T restart. The unit"
            + " counts nothing and does not use `last_i` except to pass it on as `last_o`, so a"
            + " row ends where `first_i` starts the next one; `last_o` tells the receiver which"
            + " sums are the row's.")
        .outOfRange("`dist_i` < the row's dmin", "`d - dmin` wraps: the element is computed with"
            + " `d' = dist_i - dmin + 2^" + f.distWidth + "`, a very distant element (t is"
            + " usually t_sat, a = 0)")
        .outOfRange("`first_i` missing", "S and T continue the previous row's sums, with its"
            + " beta and dmin")
        .outOfRange("more than " + rows + " elements in a row (max_rows_per_class - 1)",
            "S and T are exact up to " + rows + " elements; beyond that they can wrap modulo"
                + " 2^" + f.sumAWidth + " and 2^" + f.sumTaWidth)
        .outOfRange("`beta_i` = 0", "t = 0 and a = 1.0 for every element of the row");
  }

  /** Register stages from an element accepted to its outputs valid. */
  public static int latency(NmsConfig c) {
    return 3 + Exp2Unit.LATENCY + 1;
  }

  /** Width of the {@code round(beta log2e) * d'} product register. */
  protected int productWidth(Formats f) {
    return f.betaLog2eWidth + f.distWidth;
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    Module exp2 = units.get(Exp2Unit.NAME);
    int productShift = c.betaFracBits() - c.tFracBits();

    Module m = units.design().module(NAME, "t = beta log2(e) (d - dmin), a = 2^-t, running sums"
        + " of a and t*a over a row of up to " + (c.maxRowsPerClass() - 1) + " elements");
    Signal clk = m.input("clk_i", 1);
    Signal rst = m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal first = m.input("first_i", 1);
    Signal last = m.input("last_i", 1);
    Signal beta = m.input("beta_i", f.betaWidth);
    Signal dmin = m.input("dmin_i", f.distWidth);
    Signal dist = m.input("dist_i", f.distWidth);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal lastOut = m.output("last_o", 1);
    Signal tOut = m.output("t_o", f.tWidth);
    Signal aOut = m.output("a_o", f.affinityWidth);
    Signal sumAOut = m.output("sum_a_o", f.sumAWidth);
    Signal sumTaOut = m.output("sum_ta_o", f.sumTaWidth);

    Signal log2e = m.constant("Log2e", Arith.bits(f.log2e), f.log2e);
    Signal tSat = m.constant("TSat", f.tWidth, f.tSat);

    Signal advance = m.wire("advance", 1);
    Signal expReady = m.wire("exp_ready", 1);
    Signal outFree = m.wire("out_free", 1);
    m.assign(inReady, advance);
    Signal rowStart = m.wire("row_start", inValid.and(advance).and(first));

    // Stage 1.
    m.comment("Row registers, loaded with the row's first element: round_shift(beta * LOG2E, "
        + Formats.LOG2E_FRAC + ") and dmin");
    long maxBetaLog2e = Formats.mulRoundShift(f.betaMax, f.log2e, Formats.LOG2E_FRAC);
    Reg betaLog2e = m.regNoReset("beta_log2e", f.betaLog2eWidth)
        .next(Arith.roundShift(beta.mul(log2e), Formats.LOG2E_FRAC)
            .narrow(f.betaLog2eWidth, maxBetaLog2e))
        .enableWhen(rowStart);
    Reg rowDmin = m.regNoReset("row_dmin", f.distWidth).next(dmin).enableWhen(rowStart);
    m.comment("d' = d - dmin >= 0 (dmin is the row's smallest distance), the first element"
        + " against its own dmin_i");
    Signal dShift = m.regNoReset("d_shift", f.distWidth)
        .next(dist.subWrap(Expr.mux(first, dmin, rowDmin.q()))).enableWhen(advance).q();
    Signal s1Valid = m.reg("s1_valid", 1, 0).next(inValid).enableWhen(advance).q();
    Signal s1First = m.reg("s1_first", 1, 0).next(first).enableWhen(advance).q();
    Signal s1Last = m.reg("s1_last", 1, 0).next(last).enableWhen(advance).q();

    // Stage 2. beta_log2e_q belongs to the element in stage 1: a new row's first element loads
    // it on the same edge that moves this product on.
    m.comment("Exact product round(beta log2e) * d' (" + productWidth(f) + " bits), kept from"
        + " bit " + (productShift - 1) + " up: the bits round_shift(., " + productShift
        + ") looks at");
    Expr kept = Arith.keepForRound(betaLog2e.q().mul(dShift), productShift);
    Signal product = m.regNoReset("t_product", productWidth(f) - productShift + 1)
        .next(kept).enableWhen(advance).q();
    Signal s2Valid = m.reg("s2_valid", 1, 0).next(s1Valid).enableWhen(advance).q();
    Signal s2First = m.reg("s2_first", 1, 0).next(s1First).enableWhen(advance).q();
    Signal s2Last = m.reg("s2_last", 1, 0).next(s1Last).enableWhen(advance).q();

    // Stage 3.
    m.comment("t = min(round_shift(product, " + productShift + "), t_sat = " + f.tSat + ")");
    Signal rounded = m.wire("t_rounded", Arith.finishRound(product));
    Expr roundedWide = rounded.width() < f.tWidth ? rounded.zext(f.tWidth) : rounded;
    Signal tSatWide = roundedWide.width() == f.tWidth ? tSat
        : m.wire("t_sat_wide", tSat.zext(roundedWide.width()));
    Expr saturated = Expr.mux(roundedWide.gt(tSatWide), tSatWide, roundedWide);
    Signal t = m.regNoReset("t", f.tWidth).next(saturated.narrow(f.tWidth, f.tSat))
        .enableWhen(advance).q();
    Signal s3Valid = m.reg("s3_valid", 1, 0).next(s2Valid).enableWhen(advance).q();
    Signal s3First = m.reg("s3_first", 1, 0).next(s2First).enableWhen(advance).q();
    Signal s3Last = m.reg("s3_last", 1, 0).next(s2Last).enableWhen(advance).q();
    m.comment("Stages 1-3 move together whenever stage 3 is empty or exp2 takes its t");
    m.assign(advance, s3Valid.not().or(expReady));

    // exp2, with t, first and last riding alongside through registers that load when its
    // stages do (its in_ready_o), Exp2Unit.LATENCY of them.
    Signal expValid = m.wire("exp_valid", 1);
    Signal expA = m.wire("exp_a", f.affinityWidth);
    m.instance("u_exp2", exp2)
        .connect("clk_i", clk)
        .connect("rst_ni", rst)
        .connect("in_valid_i", s3Valid)
        .connect("in_ready_o", expReady)
        .connect("t_i", t)
        .connect("out_valid_o", expValid)
        .connect("out_ready_i", outFree)
        .connect("a_o", expA);
    Signal sideT = t;
    Signal sideFirst = s3First;
    Signal sideLast = s3Last;
    for (int k = 1; k <= Exp2Unit.LATENCY; k++) {
      sideT = m.regNoReset("exp_t_" + k, f.tWidth).next(sideT).enableWhen(expReady).q();
      sideFirst = m.reg("exp_first_" + k, 1, 0).next(sideFirst).enableWhen(expReady).q();
      sideLast = m.reg("exp_last_" + k, 1, 0).next(sideLast).enableWhen(expReady).q();
    }

    // Output register, which holds the running sums.
    int rows = c.maxRowsPerClass() - 1;
    BigInteger maxSumA = BigInteger.valueOf(rows).shiftLeft(c.affinityFracBits());
    // t * a <= (t_sat - 1) * 1.0: a is 0 once t reaches t_sat.
    BigInteger maxSumTa = BigInteger.valueOf(f.tSat - 1).shiftLeft(c.affinityFracBits())
        .multiply(BigInteger.valueOf(rows));
    m.comment("Running sums over the row's elements, restarted by its first; S <= " + maxSumA
        + ", T <= " + maxSumTa + " for up to " + rows + " elements");
    Signal take = m.wire("out_take", expValid.and(outFree));
    Reg sumA = m.regNoReset("sum_a", f.sumAWidth);
    Reg sumTa = m.regNoReset("sum_ta", f.sumTaWidth);
    Signal ta = m.wire("t_times_a", sideT.mul(expA));
    sumA.next(Expr.mux(sideFirst, Expr.lit(f.sumAWidth, 0), sumA.q()).add(expA)
        .narrow(f.sumAWidth, maxSumA)).enableWhen(take);
    sumTa.next(Expr.mux(sideFirst, Expr.lit(f.sumTaWidth, 0), sumTa.q()).add(ta)
        .narrow(f.sumTaWidth, maxSumTa)).enableWhen(take);
    Reg tReg = m.regNoReset("t_out", f.tWidth).next(sideT).enableWhen(take);
    Reg aReg = m.regNoReset("a", f.affinityWidth).next(expA).enableWhen(take);
    Reg lastReg = m.reg("last", 1, 0).next(sideLast).enableWhen(take);
    Reg outValidReg = m.reg("out_valid", 1, 0);
    outValidReg.next(take.or(outValidReg.q().and(outReady.not())));
    m.assign(outFree, outValidReg.q().not().or(outReady));

    m.assign(outValid, outValidReg.q());
    m.assign(lastOut, lastReg.q());
    m.assign(tOut, tReg.q());
    m.assign(aOut, aReg.q());
    m.assign(sumAOut, sumA.q());
    m.assign(sumTaOut, sumTa.q());

    // Assertions (simulation only): a row is 1 .. max_rows_per_class - 1 elements framed by
    // first_i/last_i; within that the sums stay inside the bounds their widths are made for.
    m.assertStableWhileStalled("in_stable", inValid, inReady, first, last, beta, dmin, dist);
    m.assertRowFraming("in_framing", inValid, inReady, first, last, rows);
    m.assertStableWhileStalled("out_stable", outValid, outReady,
        lastOut, tOut, aOut, sumAOut, sumTaOut);
    m.assertOutstanding("one_result_per_element", inValid.and(inReady),
        outValid.and(outReady), 3 + Exp2Unit.LATENCY + 1);
    m.assertAtMostWhen("t_in_range", outValidReg.q(), tReg.q(), f.tSat);
    m.assertAtMostWhen("a_in_range", outValidReg.q(), aReg.q(), f.affinityOne);
    m.assertAtMostWhen("sum_a_in_range", outValidReg.q(), sumA.q(), maxSumA);
    m.assertAtMostWhen("sum_ta_in_range", outValidReg.q(), sumTa.q(), maxSumTa);
    return m;
  }
}
