package nms.rtl.units;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SearchVariant;
import nms.golden.NmsPerplexity;
import nms.rtl.hdl.Comb;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Memory;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_perplexity}, the twin of {@link NmsPerplexity} (docs/ARITHMETIC.md sections 6, 6.3,
 * 6.4): loads a row of distances, then searches the row's beta exactly as the golden model does,
 * for the configured variant only ({@code search = plain | robust}).
 *
 * <p>Load: one distance per accepted beat into {@code row_mem} (a {@code max_rows_per_class} x
 * {@code dist_width} memory with a registered read, which Yosys maps to block RAM), the row
 * minimum {@code dmin_q} kept on the way; {@code last_i} ends the row. A row holds 1 to {@code
 * max_rows_per_class - 1} distances. Beats beyond that keep overwriting the spare last word,
 * which is never read: the result is then unspecified, but the unit never hangs.
 *
 * <p>Each evaluation streams the row from {@code row_mem} through an {@code nms_affinity} instance
 * at one element per cycle (first/last framing, {@code beta_q}, {@code dmin_q}), takes S and T
 * with its last element, then H = {@code nms_log2}(S) + {@code nms_divider}((T << (entropy_frac -
 * t_frac)), S), both started together. The update step applies spec 6.4's integer rules and either
 * starts the next evaluation or presents the row's result, held until {@code out_ready_i}. Cycles
 * per evaluation: see {@link #cyclesPerEvaluation}.
 */
public class PerplexityUnit implements UnitGenerator {
  public static final String NAME = "nms_perplexity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsPerplexity.class;
  }

  /**
   * Cycles from accepting a row's {@code last_i} to {@code out_valid_o} beyond its evaluations:
   * the step from the load state into the first evaluation (the update of the last evaluation
   * presents the result directly).
   */
  public static final int RESULT_OFFSET = 1;

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    int n = c.maxRowsPerClass() - 1;
    int overhead = cyclesPerEvaluation(c, 0);
    String search = c.search().name().toLowerCase(java.util.Locale.ROOT);
    return new UnitSheet()
        .summary("Loads a row of distances, then searches its beta (variant " + search + ") as"
            + " `NmsPerplexity.search` does: each evaluation streams the row through"
            + " `nms_affinity`, then `H = nms_log2(S) + nms_divider(T << (entropy_frac_bits -"
            + " t_frac_bits), S)` (docs/ARITHMETIC.md sections 6.3, 6.4).")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a distance is offered")
        .port("in_ready_o", "flag", "the unit takes it (high exactly while loading a row)")
        .port("last_i", "flag", "last distance of the row")
        .port("dist_i", "unsigned integer", "one distance of the row, in the row's order")
        .port("out_valid_o", "flag", "the row's result is held")
        .port("out_ready_i", "flag", "the receiver takes it; the next row's load starts the"
            + " cycle after")
        .port("beta_o", "Q." + c.betaFracBits(), "the row's beta: the last evaluation (plain)"
            + " or the best (robust)")
        .port("entropy_o", "Q." + c.entropyFracBits(), "H at `beta_o`, in bits")
        .port("iterations_o", "unsigned integer", "evaluations used, 1 .. search_iterations = "
            + c.searchIterations())
        .port("within_tol_o", "flag", "`abs(entropy_o - TARGET) < TOL`, TARGET = " + f.targetEntropy
            + " (log2 of perplexity " + c.raw(nms.config.ConfigField.PERPLEXITY) + "), TOL = "
            + f.tolerance + " (Q." + c.entropyFracBits() + ")")
        .timing("load", "cycles to load a row of n distances (one per cycle)", "n", n)
        .timing("evaluation_overhead", "cycles of one evaluation beyond the row's n reads",
            "1 + affinity latency (" + AffinityUnit.latency(c) + ") + 1 + max(nms_log2 latency"
                + " (" + Log2Unit.LATENCY + "), quotient_width) + 1 + 1", overhead)
        .timing(UnitSheet.LATENCY, "accepting `last_i` to `out_valid_o`, n distances,"
            + " `iterations_o` evaluations (value: n = max_rows_per_class - 1 and every"
            + " iteration used)", "iterations * (n + evaluation_overhead) + " + RESULT_OFFSET,
            (long) c.searchIterations() * (n + overhead) + RESULT_OFFSET)
        .framing("The unit counts the row's distances and trusts `last_i`: a row is every"
            + " beat up to and including the one with `last_i`. There is no first flag: the"
            + " beat after a result is taken starts the next row. A row holds 1 to "
            + n + " distances (max_rows_per_class - 1).")
        .outOfRange("more than " + n + " distances before `last_i`", "the count saturates on the"
            + " spare last word of `row_mem`, which every further beat overwrites and no"
            + " evaluation reads: the search runs on the first " + n + " distances, with dmin"
            + " taken over every beat (unspecified against the golden model; never hangs)")
        .outOfRange("`last_i` missing", "the unit keeps loading; no result until `last_i`");
  }

  /**
   * Cycles one evaluation of a row of {@code n} distances takes without back-pressure, from the
   * first read of {@code row_mem} to the cycle after the update: {@code n} issue cycles, the read
   * register, the affinity pipeline, the capture of S and T, the slower of log2 and the divider
   * (whose results are captured a cycle later), and the update.
   */
  public static int cyclesPerEvaluation(NmsConfig c, int n) {
    int entropy = Math.max(Log2Unit.LATENCY, DividerUnit.latency(c));
    return n + 1 + AffinityUnit.latency(c) + 1 + entropy + 1 + 1;
  }

  /** Width of the captured row sum S: {@code sum_a_width}; overridden only by contract tests. */
  protected int sumAWidth(Formats f) {
    return f.sumAWidth;
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    boolean robust = c.search() == SearchVariant.ROBUST;
    Module affinity = units.get(AffinityUnit.NAME);
    Module log2 = units.get(Log2Unit.NAME);
    Module divider = units.get(DividerUnit.NAME);
    int bw = f.betaWidth;
    int dw = f.distWidth;
    int iw = f.iterationWidth;
    int hw = f.entropyWidth;
    int rw = f.rowIndexWidth;
    int depth = c.maxRowsPerClass();

    Module m = units.design().module(NAME, "perplexity search (" + c.search().name()
        .toLowerCase(java.util.Locale.ROOT) + ") of a row of up to " + (depth - 1)
        + " distances: beta, entropy, iterations");
    Signal clk = m.input("clk_i", 1);
    Signal rst = m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal lastIn = m.input("last_i", 1);
    Signal distIn = m.input("dist_i", dw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal betaOut = m.output("beta_o", bw);
    Signal entropyOut = m.output("entropy_o", hw);
    Signal iterOut = m.output("iterations_o", iw);
    Signal withinOut = m.output("within_tol_o", 1);

    // |H - TARGET| and TOL are compared in one width wide enough for all three.
    int ew = Math.max(hw, Math.max(Formats.bits(f.targetEntropy), Formats.bits(f.tolerance)));
    Signal target = f.targetEntropy == 0 ? null : m.constant("Target", ew, f.targetEntropy);
    Signal tol = m.constant("Tol", ew, f.tolerance);
    Signal betaOne = m.constant("BetaOne", bw, f.betaOne);
    Signal betaMax = m.constant("BetaMax", bw, f.betaMax);
    Signal maxIter = m.constant("MaxIter", iw, c.searchIterations());
    Signal lastWord = m.constant("LastWord", rw, depth - 1);

    Signal stLoad = m.constant("StLoad", 3, 0);
    Signal stEval = m.constant("StEval", 3, 1);
    Signal stEntropy = m.constant("StEntropy", 3, 2);
    Signal stUpdate = m.constant("StUpdate", 3, 3);
    Signal stDone = m.constant("StDone", 3, 4);
    Reg state = m.reg("state", 3, 0);
    Signal inLoad = m.wire("in_load", state.q().eq(stLoad));
    Signal inEval = m.wire("in_eval", state.q().eq(stEval));
    Signal inEntropy = m.wire("in_entropy", state.q().eq(stEntropy));
    Signal inUpdate = m.wire("in_update", state.q().eq(stUpdate));
    Signal inDone = m.wire("in_done", state.q().eq(stDone));

    // ---------------------------------------------------------------------------------------
    m.comment("Load: one distance per beat into row_mem, the row minimum on the way");
    Memory rowMem = m.memory("row_mem", depth, dw);
    Reg count = m.reg("count", rw, 0);
    Reg dmin = m.regNoReset("dmin", dw);
    Signal load = m.wire("load", inValid.and(inLoad));
    m.assign(inReady, inLoad);
    rowMem.write(load, count.q(), distIn);
    dmin.next(Expr.mux(count.q().eq(0).or(distIn.lt(dmin.q())), distIn, dmin.q()))
        .enableWhen(load);
    // The count saturates on the spare last word, so an over-long row cannot wrap it to 0.
    Signal countNext = m.wire("count_next",
        Expr.mux(count.q().eq(lastWord), count.q(), count.q().addWrap(1)));
    Signal rowEnd = m.wire("row_end", load.and(lastIn));

    // ---------------------------------------------------------------------------------------
    m.comment("Evaluation: stream row_mem through nms_affinity, one element per cycle; the read"
        + " register is a pipeline stage that holds while the affinity unit stalls");
    Reg rdPtr = m.reg("rd_ptr", rw, 0);
    Reg rdValid = m.reg("rd_valid", 1, 0);
    Signal affReady = m.wire("aff_ready", 1);
    Signal advance = m.wire("advance", rdValid.q().not().or(affReady));
    Signal issue = m.wire("issue", inEval.and(rdPtr.q().ne(count.q())).and(advance));
    Reg rdDist = m.regNoReset("rd_dist", dw).next(rowMem.read(rdPtr.q())).enableWhen(issue);
    Reg rdFirst = m.regNoReset("rd_first", 1).next(rdPtr.q().eq(0)).enableWhen(issue);
    // rd_ptr + 1 <= count <= max_rows_per_class - 1: no wrap.
    Reg rdLast = m.regNoReset("rd_last", 1)
        .next(rdPtr.q().addWrap(1).eq(count.q())).enableWhen(issue);
    rdValid.next(Expr.mux(advance, issue, rdValid.q()));

    Reg beta = m.reg("beta", bw, f.betaOne);
    Signal affValid = m.wire("aff_valid", 1);
    Signal affLast = m.wire("aff_last", 1);
    Signal affT = m.wire("aff_t", f.tWidth);
    Signal affA = m.wire("aff_a", f.affinityWidth);
    Signal affSumA = m.wire("aff_sum_a", f.sumAWidth);
    Signal affSumTa = m.wire("aff_sum_ta", f.sumTaWidth);
    m.instance("u_affinity", affinity)
        .connect("clk_i", clk)
        .connect("rst_ni", rst)
        .connect("in_valid_i", rdValid.q())
        .connect("in_ready_o", affReady)
        .connect("first_i", rdFirst.q())
        .connect("last_i", rdLast.q())
        .connect("beta_i", beta.q())
        .connect("dmin_i", dmin.q())
        .connect("dist_i", rdDist.q())
        .connect("out_valid_o", affValid)
        .connect("out_ready_i", Expr.lit(1, 1))
        .connect("last_o", affLast)
        .connect("t_o", affT)
        .connect("a_o", affA)
        .connect("sum_a_o", affSumA)
        .connect("sum_ta_o", affSumTa);
    m.markUnused(Expr.cat(affT, affA)); // only the row sums matter here
    Signal rowSums = m.wire("row_sums", inEval.and(affValid).and(affLast));
    Reg sumA = m.regNoReset("sum_a", sumAWidth(f)).next(affSumA).enableWhen(rowSums);
    Reg sumTa = m.regNoReset("sum_ta", f.sumTaWidth).next(affSumTa).enableWhen(rowSums);

    // ---------------------------------------------------------------------------------------
    m.comment("Entropy: log2(S) and (T << (entropy_frac - t_frac)) / S, started together, each"
        + " result captured as it arrives");
    Reg logSent = m.reg("log_sent", 1, 0);
    Reg divSent = m.reg("div_sent", 1, 0);
    Reg logDone = m.reg("log_done", 1, 0);
    Reg divDone = m.reg("div_done", 1, 0);
    Signal logInValid = m.wire("log_in_valid", inEntropy.and(logSent.q().not()));
    Signal divInValid = m.wire("div_in_valid", inEntropy.and(divSent.q().not()));
    Signal logInReady = m.wire("log_in_ready", 1);
    Signal divInReady = m.wire("div_in_ready", 1);
    Signal logOutValid = m.wire("log_out_valid", 1);
    Signal divOutValid = m.wire("div_out_valid", 1);
    Signal logResult = m.wire("log_result", f.log2Width);
    Signal quotient = m.wire("quotient", f.quotientWidth);
    int quotientShift = c.entropyFracBits() - c.tFracBits();
    m.instance("u_log2", log2)
        .connect("clk_i", clk)
        .connect("rst_ni", rst)
        .connect("in_valid_i", logInValid)
        .connect("in_ready_o", logInReady)
        .connect("s_i", sumA.q())
        .connect("out_valid_o", logOutValid)
        .connect("out_ready_i", Expr.lit(1, 1))
        .connect("log2_o", logResult);
    m.instance("u_divider", divider)
        .connect("clk_i", clk)
        .connect("rst_ni", rst)
        .connect("in_valid_i", divInValid)
        .connect("in_ready_o", divInReady)
        .connect("dividend_i", sumTa.q().shl(quotientShift))
        .connect("divisor_i", sumA.q())
        .connect("out_valid_o", divOutValid)
        .connect("out_ready_i", Expr.lit(1, 1))
        .connect("quotient_o", quotient);
    Reg logValue = m.regNoReset("log_value", f.log2Width).next(logResult)
        .enableWhen(logOutValid);
    Reg quotValue = m.regNoReset("quot_value", f.quotientWidth).next(quotient)
        .enableWhen(divOutValid);

    // ---------------------------------------------------------------------------------------
    m.comment("Update (spec 6.4): H, |H - TARGET| against TOL, and the next beta");
    // H <= log2 max + quotient max: the bound entropy_width is made for.
    BigInteger maxH = BigInteger.valueOf(f.sumAWidth - c.affinityFracBits())
        .shiftLeft(c.entropyFracBits())
        .add(BigInteger.valueOf(f.tSat).shiftLeft(quotientShift)).subtract(BigInteger.ONE);
    Signal h = m.wire("entropy", logValue.q().add(quotValue.q()).narrow(hw, maxH));
    Signal hWide = h.width() == ew ? h : m.wire("entropy_wide", h.zext(ew));
    // TARGET = 0 (perplexity 1): H >= TARGET always, and Verilator rightly calls the test
    // constant, so it is left out.
    boolean zeroTarget = f.targetEntropy == 0;
    Signal err = m.wire("err", zeroTarget ? hWide : Arith.absDiff(hWide, target));
    Signal within = m.wire("in_tol", err.lt(tol));
    Signal above = m.wire("above", zeroTarget ? hWide.ne(0) : hWide.gt(target));

    Reg lo = m.regNoReset("lo", bw);
    Reg hi = m.regNoReset("hi", bw);
    Reg loValid = m.reg("lo_valid", 1, 0);
    Reg hiValid = m.reg("hi_valid", 1, 0);
    Reg iter = m.reg("iter", iw, 0);
    // Doubling saturates at beta_max: 2 beta > beta_max exactly when beta's top bit is set.
    Signal doubled = m.wire("beta_doubled", Expr.mux(beta.q().bit(bw - 1), betaMax,
        Expr.cat(beta.q().slice(bw - 2, 0), Expr.lit(1, 0))));
    // Halving stops at one ulp: beta >= 1 always, so beta >> 1 is 0 only for beta = 1.
    Signal halved = m.wire("beta_halved",
        Expr.mux(beta.q().shr(1).eq(0), Expr.lit(bw, 1), beta.q().shr(1)));
    Signal bound = m.wire("bound", Expr.mux(above, hi.q(), lo.q()));
    Signal boundValid = m.wire("bound_valid", Expr.mux(above, hiValid.q(), loValid.q()));
    Signal mid = m.wire("beta_mid", beta.q().add(bound).slice(bw, 1));
    Signal betaNext = m.wire("beta_next", Expr.mux(boundValid, mid,
        Expr.mux(above, doubled, halved)));
    Signal used = m.wire("used", iter.q().add(1).narrow(iw, c.searchIterations()));
    Expr stopExpr = within.or(used.eq(maxIter));
    if (robust) {
      stopExpr = stopExpr.or(betaNext.eq(beta.q())); // the bracket has collapsed
    }
    Signal stop = m.wire("stop", stopExpr);

    // Result of the row: the last evaluation (plain) or the best one (robust, earliest wins).
    Signal resBetaNow;
    Signal resHNow;
    Signal resWithinNow;
    if (robust) {
      Reg bestBeta = m.regNoReset("best_beta", bw);
      Reg bestH = m.regNoReset("best_h", hw);
      Reg bestErr = m.regNoReset("best_err", ew);
      Signal better = m.wire("better", iter.q().eq(0).or(err.lt(bestErr.q())));
      Signal updating = m.wire("updating_best", inUpdate.and(better));
      bestBeta.next(beta.q()).enableWhen(updating);
      bestH.next(h).enableWhen(updating);
      bestErr.next(err).enableWhen(updating);
      resBetaNow = m.wire("res_beta_now", Expr.mux(better, beta.q(), bestBeta.q()));
      resHNow = m.wire("res_h_now", Expr.mux(better, h, bestH.q()));
      resWithinNow = m.wire("res_within_now", Expr.mux(better, err, bestErr.q()).lt(tol));
    } else {
      resBetaNow = beta.q();
      resHNow = h;
      resWithinNow = within;
    }
    Signal finish = m.wire("finish", inUpdate.and(stop));
    Reg resBeta = m.regNoReset("res_beta", bw).next(resBetaNow).enableWhen(finish);
    Reg resH = m.regNoReset("res_h", hw).next(resHNow).enableWhen(finish);
    Reg resWithin = m.regNoReset("res_within", 1).next(resWithinNow).enableWhen(finish);

    // ---------------------------------------------------------------------------------------
    Comb fsm = m.comb("Control: load, then evaluate / entropy / update until the search stops,"
        + " then hold the result");
    fsm.set(state.d(), state.q());
    fsm.set(count.d(), count.q());
    fsm.set(rdPtr.d(), rdPtr.q());
    fsm.set(beta.d(), beta.q());
    fsm.set(lo.d(), lo.q());
    fsm.set(hi.d(), hi.q());
    fsm.set(loValid.d(), loValid.q());
    fsm.set(hiValid.d(), hiValid.q());
    fsm.set(iter.d(), iter.q());
    fsm.set(logSent.d(), logSent.q().or(logInValid.and(logInReady)));
    fsm.set(divSent.d(), divSent.q().or(divInValid.and(divInReady)));
    fsm.set(logDone.d(), logDone.q().or(logOutValid));
    fsm.set(divDone.d(), divDone.q().or(divOutValid));
    fsm.select(state.q())
        .is(stLoad, b -> {
          b.when(load, l -> l.set(count.d(), countNext));
          b.when(rowEnd, l -> {
            l.set(state.d(), stEval);
            l.set(rdPtr.d(), Expr.lit(rw, 0));
          });
        })
        .is(stEval, b -> {
          b.when(issue, l -> l.set(rdPtr.d(), rdPtr.q().addWrap(1)));
          b.when(rowSums, l -> {
            l.set(state.d(), stEntropy);
            l.set(logSent.d(), Expr.lit(1, 0));
            l.set(divSent.d(), Expr.lit(1, 0));
            l.set(logDone.d(), Expr.lit(1, 0));
            l.set(divDone.d(), Expr.lit(1, 0));
          });
        })
        .is(stEntropy, b -> b.when(logDone.q().and(divDone.q()),
            l -> l.set(state.d(), stUpdate)))
        .is(stUpdate, b -> {
          b.set(iter.d(), used);
          b.when(above, l -> {
            l.set(lo.d(), beta.q());
            l.set(loValid.d(), Expr.lit(1, 1));
          }, l -> {
            l.set(hi.d(), beta.q());
            l.set(hiValid.d(), Expr.lit(1, 1));
          });
          b.set(beta.d(), betaNext);
          b.when(stop, l -> l.set(state.d(), stDone), l -> {
            l.set(state.d(), stEval);
            l.set(rdPtr.d(), Expr.lit(rw, 0));
          });
        })
        .is(stDone, b -> b.when(outReady, l -> {
          // The next row starts from beta = 1.0 with no bracket.
          l.set(state.d(), stLoad);
          l.set(count.d(), Expr.lit(rw, 0));
          l.set(beta.d(), betaOne);
          l.set(loValid.d(), Expr.lit(1, 0));
          l.set(hiValid.d(), Expr.lit(1, 0));
          l.set(iter.d(), Expr.lit(iw, 0));
        }))
        .otherwise(b -> b.set(state.d(), stLoad));

    m.assign(outValid, inDone);
    m.assign(betaOut, resBeta.q());
    m.assign(entropyOut, resH.q());
    m.assign(iterOut, iter.q());
    m.assign(withinOut, resWithin.q());

    // Assertions (simulation only): a row is 1 .. max_rows_per_class - 1 distances ended by
    // last_i, one result per row, the FSM and its counters in range.
    m.assertStableWhileStalled("in_stable", inValid, inReady, lastIn, distIn);
    m.assertRowFraming("in_framing", inValid, inReady, null, lastIn, depth - 1);
    m.assertStableWhileStalled("out_stable", outValid, outReady,
        betaOut, entropyOut, iterOut, withinOut);
    m.assertOutstanding("one_result_per_row", rowEnd, outValid.and(outReady), 1);
    m.assertAtMost("state_in_range", state.q(), 4);
    // Only while evaluating: the next row's load restarts count_q, rd_ptr_q keeps its end.
    m.assertImplies("rd_ptr_in_range", inEval, rdPtr.q().le(count.q()),
        "rd_ptr_q must not pass count_q while evaluating", rdPtr.q(), count.q());
    m.assertAtMost("iter_in_range", iter.q(), c.searchIterations());
    m.assertAlways("beta_nonzero", beta.q().ne(0), "beta_q must stay >= 1 ulp", beta.q());
    m.assertAtMostWhen("entropy_in_range", inUpdate, h, maxH);
    return m;
  }
}
