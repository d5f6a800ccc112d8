package nms.rtl.units.lrt;

import nms.config.Formats;
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
 * the n x m cells in row-major order framed by {@code in_first_i}/{@code in_last_i}. Stages of
 * about one carry chain each, for an iCE40 without multipliers: magnitudes, partial products of
 * |a| and 4-bit chunks of |b|, levels of their pairwise sums, the signs, the dot, round half to
 * even by {@code write_shift}, clamp, then count, gate, write enable and the new weight into the
 * output register. Latency 7 + ceil(log2(ceil(bw / 4))) (9 at 16-bit factors), II = 1; the whole
 * pipe stops while the output is full and unread (every register loads on {@code advance}).
 */
public class LrtWriteUnit implements UnitGenerator {
  public static final String NAME = "nms_lrt_write";
  /** Bits of |b| per partial product: a bw x 4 multiply is a few carry chains deep. */
  public static final int CHUNK = 4;

  /** Partial products per factor pair (the formal map names each: {@code pp_<k>_<j>}). */
  public static int chunks(int bw) {
    return (bw + CHUNK - 1) / CHUNK;
  }

  /** Levels of pairwise sums that fold the partial products into one ({@code ps<level>_<k>_<j>}). */
  public static int levels(int bw) {
    return Formats.bits(chunks(bw) - 1);
  }

  /** Accepting a cell to its output: magnitudes, partial products, sums, sign, dot, round, clamp, count. */
  public static int latency(LrtFormats f) {
    return 7 + levels(f.basisWidth);
  }

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

    int chunks = chunks(bw);
    int levels = levels(bw);
    int latency = latency(f);
    m.comment(latency + " stages, each about one carry chain deep (the HX8K has no multipliers): the"
        + " magnitudes |a_k|, |b_k| and signs; " + chunks + " partial products |a| * |b| chunk (" + CHUNK
        + " bits of |b| each); " + levels + " level(s) of their shifted pairwise sums; the signed"
        + " products; dot; rounding; clamp; count, gate, write enable and new weight");
    Signal[] magA = new Signal[r];
    Signal[] magB = new Signal[r];
    Signal[] sgn = new Signal[r];
    for (int k = 0; k < r; k++) {
      Expr a = aIn.slice(bw * k + bw - 1, bw * k);
      Expr b = bIn.slice(bw * k + bw - 1, bw * k);
      magA[k] = m.regNoReset("mag_a_" + k, bw).next(Signed.abs(a)).enableWhen(advance).q();
      magB[k] = m.regNoReset("mag_b_" + k, bw).next(Signed.abs(b)).enableWhen(advance).q();
      sgn[k] = m.regNoReset("sign_" + k, 1).next(Signed.msb(a).xor(Signed.msb(b))).enableWhen(advance).q();
    }
    Expr[] prod = new Expr[r];
    for (int k = 0; k < r; k++) {
      // |x| <= 2^(bw-1) in bw bits; chunk j of |b| is bits [j CHUNK, (j+1) CHUNK) and weighs 2^(j CHUNK).
      Expr[] part = new Expr[chunks];
      int[] shift = new int[chunks];
      for (int j = 0; j < chunks; j++) {
        int lo = j * CHUNK;
        int hi = Math.min(bw, lo + CHUNK) - 1;
        part[j] = m.regNoReset("pp_" + k + "_" + j, bw + hi - lo + 1)
            .next(magA[k].mul(magB[k].slice(hi, lo))).enableWhen(advance).q();
        shift[j] = lo;
      }
      // |a b| <= 2^(2 bw - 2): every partial sum is exact in 2 bw bits
      for (int lv = 0; lv < levels; lv++) {
        int n = (part.length + 1) / 2;
        Expr[] next = new Expr[n];
        int[] nshift = new int[n];
        for (int j = 0; j < n; j++) {
          Expr x = shifted(part[2 * j], 0, 2 * bw - shift[2 * j]);
          if (2 * j + 1 < part.length) {
            x = x.addWrap(shifted(part[2 * j + 1], shift[2 * j + 1] - shift[2 * j], 2 * bw - shift[2 * j]));
          }
          nshift[j] = shift[2 * j];
          next[j] = m.regNoReset("ps" + lv + "_" + k + "_" + j, x.width()).next(x).enableWhen(advance).q();
        }
        part = next;
        shift = nshift;
      }
      Expr mag = shifted(part[0], shift[0], 2 * bw);
      Signal sg = delay(m, "sign_" + k, sgn[k], 1 + levels, advance);
      prod[k] = m.regNoReset("prod_" + k, 2 * bw)
          .next(Expr.mux(sg, Signed.neg(mag), mag)).enableWhen(advance).q();
    }
    Signal[] valid = new Signal[latency + 1];
    valid[0] = inValid;
    for (int st = 1; st <= latency; st++) {
      valid[st] = m.reg(st == latency ? "out_valid" : "s" + st + "_valid", 1, 0).next(valid[st - 1])
          .enableWhen(advance).q();
    }
    // The cell's flags and weight travel with it to the last stage.
    Signal sFirst = delay(m, "first", inFirst, latency - 1, advance);
    Signal sLast = delay(m, "last", inLast, latency - 1, advance);
    Signal sCommit = delay(m, "commit", inCommit, latency - 1, advance);
    Signal sW = delay(m, "w", wIn, latency - 1, advance);

    m.comment("dot = sum_k a_k b_k in " + dw + " bits (|dot| <= " + f.cellDotMax
        + "), then round half to even by 2^" + s + ", then clamp to [" + f.weightMin + ", "
        + f.weightMax + "]");
    Expr dot = Signed.sext(prod[0], dw);
    for (int k = 1; k < r; k++) {
      dot = dot.addWrap(Signed.sext(prod[k], dw));
    }
    Signal dotW = m.regNoReset("dot", dw).next(dot).enableWhen(advance).q();
    Expr rounded;
    if (s >= dw) {
      // Every |dot| < 2^(dw-1) <= 2^(s-1): the rounded value is 0 (a tie only at -2^(s-1), even 0... )
      rounded = Expr.lit(1, 0);
      m.markUnused(dotW);
    } else {
      int qw = dw - s + 1;
      Expr floor = Signed.sext(dotW.slice(dw - 1, s), qw);
      Expr half = dotW.bit(s - 1);
      Expr below = s >= 2 ? dotW.slice(s - 2, 0).orReduce() : Expr.lit(1, 0);
      Expr up = half.and(below.or(floor.bit(0)));
      rounded = m.regNoReset("rounded", qw).next(floor.addWrap(up.zext(qw))).enableWhen(advance).q();
    }
    m.comment("Stage 7: clamp; the clamp keeps zero and nonzero apart (the weight range holds -1 .. 1)");
    Signal deltaW = m.regNoReset("delta", wb)
        .next(Signed.clamp(rounded, f.weightMin, f.weightMax, wb)).enableWhen(advance).q();
    Signal nz = m.reg("nonzero", 1, 0).next(rounded.orReduce()).enableWhen(advance).q();
    Reg count = m.reg("count", f.countWidth, 0);
    Signal countNext = m.wire("count_next",
        Expr.mux(sFirst, Expr.lit(f.countWidth, 0), count.q()).addWrap(nz.zext(f.countWidth)));
    Signal fire2 = m.wire("fire_last", valid[latency - 1].and(advance));
    count.next(countNext).enableWhen(fire2);
    Signal gate = m.wire("gate", countNext.gt(Expr.lit(f.countWidth, f.densityThreshold)));
    m.comment("The gate of a count pass (in_commit_i = 0) is latched at its last cell; a commit"
        + " pass writes where that gate and a nonzero delta meet");
    Reg gateQ = m.reg("gate_latched", 1, 0);
    gateQ.next(gate).enableWhen(m.wire("latch_gate", fire2.and(sLast).and(sCommit.not())));
    Signal we = m.wire("we", sCommit.and(gateQ.q()).and(nz));
    Expr diff = Signed.sext(sW, wb + 1).subWrap(Signed.sext(deltaW, wb + 1));
    Signal newW = m.wire("w_new", Expr.mux(we,
        Signed.clamp(diff, f.weightMin, f.weightMax, wb), sW));

    Signal outLoad = m.wire("out_load", fire2);
    m.assign(advance, valid[latency].not().or(outReady));
    m.assign(outValid, valid[latency]);
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
    m.assertOutstanding("in_flight", inValid.and(inReady), outValid.and(outReady), latency + 1);
    m.assertAtMost("count_range", count.q(), f.cells);
    m.assertImplies("we_needs_delta", outValid.and(weOut), deltaOut.orReduce(),
        "a write enable with a zero delta", deltaOut);
    return m;
  }

  /** {@code x << by}, zero-extended or cut to {@code w} bits (the value fits by the bounds above). */
  private static Expr shifted(Expr x, int by, int w) {
    Expr v = by > 0 ? Expr.cat(x, Expr.lit(by, 0)) : x;
    return v.width() >= w ? v.trunc(w) : v.zext(w);
  }

  /** {@code x} delayed by {@code n} stages that load on {@code advance}. */
  private static Signal delay(Module m, String name, Signal x, int n, Signal advance) {
    Signal q = x;
    for (int st = 1; st <= n; st++) {
      q = m.regNoReset("s" + st + "_" + name, x.width()).next(q).enableWhen(advance).q();
    }
    return q;
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
        .timing(UnitSheet.LATENCY, "accepting a cell to `out_valid_o`", "7 + ceil(log2(ceil(bw / "
            + CHUNK + "))) (magnitudes, partial products, their sums, signs, dot, round, clamp,"
            + " count/gate/write)", latency(f))
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
