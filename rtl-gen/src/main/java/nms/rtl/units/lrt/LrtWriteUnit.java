package nms.rtl.units.lrt;

import nms.config.LrtFormats;
import nms.golden.NmsLrtWrite;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;
import nms.rtl.units.UnitGenerator;
import nms.rtl.units.UnitSheet;
import nms.rtl.units.Units;

/**
 * {@code nms_lrt_write} (docs/ARITHMETIC.md section 12.3): one weight cell per beat, a pass being
 * the n x m cells in row-major order framed by {@code in_first_i}/{@code in_last_i}. Stage 1
 * registers the r signed products {@code a_k b_k}; stage 2 sums them, rounds half to even by
 * {@code write_shift}, clamps to the weight grid, counts nonzero deltas and forms the write
 * enable, into the output register. Latency 2, II = 1; the whole pipe stops while the output is
 * full and unread (every register loads on {@code advance}).
 */
public class LrtWriteUnit implements UnitGenerator {
  public static final String NAME = "nms_lrt_write";
  public static final int LATENCY = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsLrtWrite.class;
  }

  @Override
  public Module build(Units units) {
    LrtFormats f = units.config().lrtFormats();
    int r = f.rank;
    int bw = f.basisWidth;
    int wb = f.weightBits;
    int dw = f.cellDotWidth;
    int s = f.writeShift;
    Module m = units.design().module(NAME, "LRT weight write, " + f.n + " x " + f.m + " cells, rank "
        + r + ", " + bw + "-bit factors, " + wb + "-bit weights, round half even by 2^" + s
        + ", density gate above " + f.densityThreshold + " cells");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal inCommit = m.input("in_commit_i", 1);
    Signal aIn = m.input("a_i", r * bw);
    Signal bIn = m.input("b_i", r * bw);
    Signal wIn = m.input("w_i", wb);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal deltaOut = m.output("delta_o", wb);
    Signal wOut = m.output("w_o", wb);
    Signal weOut = m.output("we_o", 1);
    Signal countOut = m.output("count_o", f.countWidth);
    Signal gateOut = m.output("gate_o", 1);

    Signal advance = m.wire("advance", 1);
    m.assign(inReady, advance);

    m.comment("Stage 1: the r signed products a_k * b_k (sign-magnitude multiply), exact in "
        + (2 * bw) + " bits");
    Expr[] prod = new Expr[r];
    for (int k = 0; k < r; k++) {
      Expr a = aIn.slice(bw * k + bw - 1, bw * k);
      Expr b = bIn.slice(bw * k + bw - 1, bw * k);
      prod[k] = m.regNoReset("prod_" + k, 2 * bw).next(Signed.mul(a, b)).enableWhen(advance).q();
    }
    Signal s1Valid = m.reg("s1_valid", 1, 0).next(inValid).enableWhen(advance).q();
    Signal s1First = m.reg("s1_first", 1, 0).next(inFirst).enableWhen(advance).q();
    Signal s1Last = m.reg("s1_last", 1, 0).next(inLast).enableWhen(advance).q();
    Signal s1Commit = m.reg("s1_commit", 1, 0).next(inCommit).enableWhen(advance).q();
    Signal s1W = m.regNoReset("s1_w", wb).next(wIn).enableWhen(advance).q();

    m.comment("Stage 2: dot = sum_k a_k b_k in " + dw + " bits (|dot| <= " + f.cellDotMax
        + "), round half to even by 2^" + s + ", clamp to [" + f.weightMin + ", " + f.weightMax + "]");
    Expr dot = Signed.sext(prod[0], dw);
    for (int k = 1; k < r; k++) {
      dot = dot.addWrap(Signed.sext(prod[k], dw));
    }
    Signal dotW = m.wire("dot", dot);
    Expr delta;
    if (s >= dw) {
      // Every |dot| < 2^(dw-1) <= 2^(s-1): the rounded value is 0 (a tie only at -2^(s-1), even 0... )
      delta = Expr.lit(wb, 0);
      m.markUnused(dotW);
    } else {
      int qw = dw - s + 1;
      Expr floor = Signed.sext(dotW.slice(dw - 1, s), qw);
      Expr half = dotW.bit(s - 1);
      Expr below = s >= 2 ? dotW.slice(s - 2, 0).orReduce() : Expr.lit(1, 0);
      Expr up = half.and(below.or(floor.bit(0)));
      Signal rounded = m.wire("rounded", floor.addWrap(up.zext(qw)));
      delta = Signed.clamp(rounded, f.weightMin, f.weightMax, wb);
    }
    Signal deltaW = m.wire("delta", delta);
    Signal nz = m.wire("nonzero", deltaW.orReduce());
    Reg count = m.reg("count", f.countWidth, 0);
    Signal countNext = m.wire("count_next",
        Expr.mux(s1First, Expr.lit(f.countWidth, 0), count.q()).addWrap(nz.zext(f.countWidth)));
    Signal fire2 = m.wire("fire2", s1Valid.and(advance));
    count.next(countNext).enableWhen(fire2);
    Signal gate = m.wire("gate", countNext.gt(Expr.lit(f.countWidth, f.densityThreshold)));
    m.comment("The gate of a count pass (in_commit_i = 0) is latched at its last cell; a commit"
        + " pass writes where that gate and a nonzero delta meet");
    Reg gateQ = m.reg("gate_latched", 1, 0);
    gateQ.next(gate).enableWhen(m.wire("latch_gate", fire2.and(s1Last).and(s1Commit.not())));
    Signal we = m.wire("we", s1Commit.and(gateQ.q()).and(nz));
    Expr diff = Signed.sext(s1W, wb + 1).subWrap(Signed.sext(deltaW, wb + 1));
    Signal newW = m.wire("w_new", Expr.mux(we,
        Signed.clamp(diff, f.weightMin, f.weightMax, wb), s1W));

    Signal outLoad = m.wire("out_load", fire2);
    Reg outValidReg = m.reg("out_valid", 1, 0);
    outValidReg.next(s1Valid).enableWhen(advance);
    m.assign(advance, outValidReg.q().not().or(outReady));
    m.assign(outValid, outValidReg.q());
    m.assign(deltaOut, m.regNoReset("delta_out", wb).next(deltaW).enableWhen(outLoad).q());
    m.assign(wOut, m.regNoReset("w_out", wb).next(newW).enableWhen(outLoad).q());
    m.assign(weOut, m.reg("we_out", 1, 0).next(we).enableWhen(outLoad).q());
    m.assign(countOut, m.reg("count_out", f.countWidth, 0).next(countNext).enableWhen(outLoad).q());
    m.assign(gateOut, m.reg("gate_out", 1, 0).next(gate).enableWhen(outLoad).q());

    m.assertStableWhileStalled("in_stable", inValid, inReady, inFirst, inLast, inCommit, aIn, bIn,
        wIn);
    m.assertStableWhileStalled("out_stable", outValid, outReady, deltaOut, wOut, weOut, countOut,
        gateOut);
    m.assertFraming("in_framing", inValid, inReady, inFirst, inLast, f.cells);
    m.assertOutstanding("in_flight", inValid.and(inReady), outValid.and(outReady), 3);
    m.assertAtMost("count_range", count.q(), f.cells);
    m.assertImplies("we_needs_delta", outValid.and(weOut), deltaOut.orReduce(),
        "a write enable with a zero delta", deltaOut);
    return m;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    LrtFormats f = units.config().lrtFormats();
    String code = f.basisWidth + "-bit signed";
    return new UnitSheet()
        .summary("Density-gated LRT weight write of one " + f.n + " x " + f.m + " layer (docs/ARITHMETIC.md"
            + " section 12.3): per cell `delta = clamp(round_half_even(sum_k a_k b_k / 2^"
            + f.writeShift + "))`, the update `2^-lrt_lr_shift U V^T` in weight steps; a count pass"
            + " then a commit pass over the cells; a commit pass writes only if the count pass saw"
            + " more than " + f.densityThreshold + " nonzero deltas.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a cell is offered")
        .port("in_ready_o", "flag", "the unit takes the cell this cycle")
        .port("in_first_i", "flag", "first cell (0, 0) of a pass: the count restarts")
        .port("in_last_i", "flag", "last cell (n-1, m-1) of a pass: a count pass latches its gate")
        .port("in_commit_i", "flag", "0 = count pass, 1 = commit pass (writes where the latched gate"
            + " and a nonzero delta meet)")
        .port("a_i", f.rank + " x " + code, "row i of U: factor codes, value code * 2^-" + f.basisFrac
            + ", k = 0 in the low bits")
        .port("b_i", f.rank + " x " + code, "row j of V, same format")
        .port("w_i", f.weightBits + "-bit signed", "the cell's weight code (step 2^-" + (f.weightBits - 1) + ")")
        .port("out_valid_o", "flag", "the outputs hold a cell's result")
        .port("out_ready_i", "flag", "the receiver takes them")
        .port("delta_o", f.weightBits + "-bit signed", "the quantized update of the cell")
        .port("w_o", f.weightBits + "-bit signed", "the cell's weight after the pass: clamp(w - delta)"
            + " when `we_o`, else `w_i`")
        .port("we_o", "flag", "write this cell (commit pass, gate open, delta nonzero); the host"
            + " counts writes per cell from it")
        .port("count_o", "unsigned integer", "nonzero deltas in this pass so far, this cell included")
        .port("gate_o", "flag", "`count_o` > " + f.densityThreshold + " (the gate, final on the last cell)")
        .timing(UnitSheet.LATENCY, "accepting a cell to `out_valid_o`", "2 (products, then sum/round/clamp)",
            LATENCY)
        .timing(UnitSheet.II, "cycles per cell", "1", 1)
        .framing("A pass is exactly n * m = " + f.cells + " cells, `in_first_i` on the first and"
            + " `in_last_i` on the last; the unit trusts the flags (an assertion checks the count).")
        .framing("An attempt is a count pass and then a commit pass with the same a, b, w.")
        .outOfRange("a commit pass without a count pass before it",
            "uses the gate latched by the last count pass (0 after reset: nothing is written)")
        .outOfRange("`in_first_i` missing", "the count goes on from the previous pass, wrapping modulo 2^"
            + f.countWidth);
  }
}
