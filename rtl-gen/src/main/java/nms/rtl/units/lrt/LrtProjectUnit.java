package nms.rtl.units.lrt;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.LrtFormats;
import nms.golden.NmsLrtProject;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;
import nms.rtl.units.Arith;
import nms.rtl.units.UnitGenerator;
import nms.rtl.units.UnitSheet;
import nms.rtl.units.Units;

/**
 * {@code nms_lrt_project} (docs/ARITHMETIC.md section 12.2). A sample is {@code beats_u} beats of
 * u then {@code beats_v} beats of v, {@code lanes} elements per beat, each beat with the same
 * lanes of the r basis rows of its side: r + 1 = q MACs per element per cycle (the r projections
 * and the squared norm). Stage A registers the products, the accumulators sum them; at each
 * phase's end the sums move into a buffer (u, v), so the stream goes on while a finisher turns a
 * complete sample into coefficients (variable-shift rounding), sums of squared coefficients (r
 * cycles, one squarer per side), residuals, two bit-serial integer square roots (isqrt_steps
 * cycles, in parallel) and the kappa test. F finishers (F = ceil((r + isqrt_steps + 5) / beats))
 * take samples round-robin and give them back in order, so the finishing of sample t overlaps the
 * MACs of the next F - 1 samples and the stream runs at one beat per cycle whatever the layer's
 * shape.
 */
public class LrtProjectUnit implements UnitGenerator {
  public static final String NAME = "nms_lrt_project";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsLrtProject.class;
  }

  /** Accept of a sample's last beat to {@code out_valid_o} with the finisher idle. */
  public static int latency(LrtFormats f) {
    return f.rank + f.isqrtSteps + 6;
  }

  /** Cycles a finisher spends per sample (take, squares, residual, roots, norm product, kappa, output). */
  public static int finisherCycles(LrtFormats f) {
    return f.rank + f.isqrtSteps + 5;
  }

  /**
   * Finishers taken round-robin: enough that each has F samples' beats for its work, so the
   * stream never waits for one: F = ceil((r + isqrt_steps + 5) / (beats_u + beats_v)).
   */
  public static int finishers(LrtFormats f) {
    return (finisherCycles(f) + f.beatsPerSample - 1) / f.beatsPerSample;
  }

  /** Cycles per sample at full rate: the beats (F finishers keep up by construction). */
  public static int interval(LrtFormats f) {
    return Math.max(f.beatsPerSample, (finisherCycles(f) + finishers(f) - 1) / finishers(f));
  }

  @Override
  public Module build(Units units) {
    LrtFormats f = units.config().lrtFormats();
    int r = f.rank;
    int lanes = f.lanes;
    int bw = f.basisWidth;
    int iw = f.inputWidth;
    int dw = f.dotWidth;
    int nw = f.normSqWidth;
    int cw = f.coefWidth;
    int ew = LrtFormats.EXP_WIDTH;
    int g = LrtFormats.GUARD;
    int total = f.beatsPerSample;
    Module m = units.design().module(NAME, "LRT projection of u (" + f.n + ") and v (" + f.m
        + ") onto rank-" + r + " " + bw + "-bit bases, " + lanes + " lanes, residual norms by"
        + " integer square root, kappa = " + f.kappa);
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal xIn = m.input("x_i", lanes * iw);
    Signal basisIn = m.input("basis_i", r * lanes * bw);
    Signal expIn = m.input("exp_i", ew);
    Signal cx0In = m.input("cx0_i", f.cx0Width);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal auOut = m.output("au_o", r * cw);
    Signal nuOut = m.output("nu_o", f.normWidth);
    Signal avOut = m.output("av_o", r * cw);
    Signal nvOut = m.output("nv_o", f.normWidth);
    Signal skipOut = m.output("skip_o", 1);

    Signal advance = m.wire("advance", 1);
    m.assign(inReady, advance);
    Signal accept = m.wire("accept", inValid.and(advance));

    m.comment("Beat index within the sample (in_first_i restarts it): beats 0.." + (f.beatsU - 1)
        + " carry u, " + f.beatsU + ".." + (total - 1) + " carry v");
    int bIdxW = Formats.bits(total - 1);
    Reg beat = m.reg("beat", bIdxW, 0);
    Signal idx = m.wire("beat_idx", Expr.mux(inFirst, Expr.lit(bIdxW, 0), beat.q()));
    beat.next(idx.addWrap(1)).enableWhen(m.wire("beat_load", accept.and(inLast.not())));
    Signal endU = m.wire("end_u", idx.eq(f.beatsU - 1));
    Signal start = m.wire("phase_start", inFirst.or(idx.eq(f.beatsU)));
    int lastU = f.n - (f.beatsU - 1) * lanes;
    int lastV = f.m - (f.beatsV - 1) * lanes;

    m.comment("Stage A: per lane the r signed products basis * x and x^2; lanes past n (u's last"
        + " beat) or m (v's last beat) are forced to 0");
    Expr[][] prod = new Expr[r][lanes];
    Expr[] sq = new Expr[lanes];
    for (int l = 0; l < lanes; l++) {
      Expr x = xIn.slice(iw * l + iw - 1, iw * l);
      Expr pad = null;
      if (l >= lastU) {
        pad = endU;
      }
      if (l >= lastV) {
        pad = pad == null ? inLast : pad.or(inLast);
      }
      if (pad != null) {
        x = Expr.mux(pad, Expr.lit(iw, 0), x);
      }
      Signal xl = m.wire("x_" + l, x);
      Expr ax = Signed.abs(xl);
      sq[l] = m.regNoReset("sq_" + l, 2 * iw).next(ax.mul(ax)).enableWhen(advance).q();
      for (int i = 0; i < r; i++) {
        int at = (i * lanes + l) * bw;
        Expr b = basisIn.slice(at + bw - 1, at);
        prod[i][l] = m.regNoReset("prod_" + i + "_" + l, bw + iw).next(Signed.mul(b, xl))
            .enableWhen(advance).q();
      }
    }
    Signal aValid = m.reg("a_valid", 1, 0).next(inValid).enableWhen(advance).q();
    Signal aStart = m.reg("a_start", 1, 0).next(start).enableWhen(advance).q();
    Signal aEndU = m.reg("a_end_u", 1, 0).next(endU).enableWhen(advance).q();
    Signal aEndV = m.reg("a_end_v", 1, 0).next(inLast).enableWhen(advance).q();
    Signal aExp = m.regNoReset("a_exp", ew).next(expIn).enableWhen(advance).q();
    Signal aCx0 = m.regNoReset("a_cx0", f.cx0Width).next(cx0In).enableWhen(advance).q();

    m.comment("Accumulators: P_i = sum basis_i * x (|P| <= " + f.dotMax + "), N = sum x^2 (<= "
        + f.normSqMax + "), restarted at each phase");
    Signal aFire = m.wire("a_fire", aValid.and(advance));
    Signal[] accNext = new Signal[r];
    for (int i = 0; i < r; i++) {
      Expr sum = Signed.sext(prod[i][0], dw);
      for (int l = 1; l < lanes; l++) {
        sum = sum.addWrap(Signed.sext(prod[i][l], dw));
      }
      Reg acc = m.regNoReset("acc_p_" + i, dw);
      accNext[i] = m.wire("acc_p_" + i + "_next",
          Expr.mux(aStart, Expr.lit(dw, 0), acc.q()).addWrap(sum));
      acc.next(accNext[i]).enableWhen(aFire);
    }
    Expr sqSum = sq[0].zext(nw);
    for (int l = 1; l < lanes; l++) {
      sqSum = sqSum.addWrap(sq[l].zext(nw));
    }
    Reg accN = m.regNoReset("acc_n", nw);
    Signal accNNext = m.wire("acc_n_next", Expr.mux(aStart, Expr.lit(nw, 0), accN.q()).addWrap(sqSum));
    accN.next(accNNext).enableWhen(aFire);

    m.comment("Phase buffers: a finished u or v waits here for the finisher");
    Signal take = m.wire("take", 1);
    Signal loadU = m.wire("load_u", aFire.and(aEndU));
    Signal loadV = m.wire("load_v", aFire.and(aEndV));
    Signal[] bufPU = new Signal[r];
    Signal[] bufPV = new Signal[r];
    for (int i = 0; i < r; i++) {
      bufPU[i] = m.regNoReset("buf_u_p_" + i, dw).next(accNext[i]).enableWhen(loadU).q();
      bufPV[i] = m.regNoReset("buf_v_p_" + i, dw).next(accNext[i]).enableWhen(loadV).q();
    }
    Signal bufNU = m.regNoReset("buf_u_n", nw).next(accNNext).enableWhen(loadU).q();
    Signal bufNV = m.regNoReset("buf_v_n", nw).next(accNNext).enableWhen(loadV).q();
    Signal bufEU = m.regNoReset("buf_u_exp", ew).next(aExp).enableWhen(loadU).q();
    Signal bufEV = m.regNoReset("buf_v_exp", ew).next(aExp).enableWhen(loadV).q();
    Signal bufCx0 = m.regNoReset("buf_cx0", f.cx0Width).next(aCx0).enableWhen(loadV).q();
    Reg fullU = m.reg("buf_u_full", 1, 0);
    fullU.next(Expr.mux(loadU, Expr.lit(1, 1), Expr.mux(take, Expr.lit(1, 0), fullU.q())));
    Reg fullV = m.reg("buf_v_full", 1, 0);
    fullV.next(Expr.mux(loadV, Expr.lit(1, 1), Expr.mux(take, Expr.lit(1, 0), fullV.q())));
    m.comment("The stream stops only when a phase ends into a buffer still full (one taken this"
        + " cycle is free: the finisher registers its old contents)");
    Signal blockedU = m.wire("blocked_u", fullU.q().and(take.not()));
    Signal blockedV = m.wire("blocked_v", fullV.q().and(take.not()));
    m.assign(advance, aValid.and(aEndU.and(blockedU).or(aEndV.and(blockedV))).not());

    // ---- finishers ------------------------------------------------------------------------
    int nf = finishers(f);
    m.comment(nf + " finisher(s), taken round-robin in sample order: a sample of " + total
        + " beats leaves a finisher " + (nf * total) + " cycles for its " + finisherCycles(f));
    int pw = Formats.bits(Math.max(1, nf - 1));
    Reg takePtr = nf > 1 ? m.reg("take_ptr", pw, 0) : null;
    Reg outPtr = nf > 1 ? m.reg("out_ptr", pw, 0) : null;
    Signal[] idle = new Signal[nf];
    Signal[] fOut = new Signal[nf];
    Signal[][] fAu = new Signal[nf][];
    Signal[][] fAv = new Signal[nf][];
    Signal[] fNu = new Signal[nf];
    Signal[] fNv = new Signal[nf];
    Signal[] fSkip = new Signal[nf];
    Signal[] fState = new Signal[nf];
    Signal[] fRootU = new Signal[nf];
    Signal[] fRootV = new Signal[nf];
    Expr takeOk = Expr.lit(1, 0);
    String[] stNames = {"StIdle", "StSq", "StRes", "StSqrt", "StNorm", "StKappa", "StOut"};
    Signal[] st = new Signal[stNames.length];
    for (int i = 0; i < st.length; i++) {
      st[i] = m.constant(stNames[i], 3, i);
    }
    for (int x = 0; x < nf; x++) {
      String sfx = nf > 1 ? "_f" + x : "";
      Signal mine = nf > 1 ? m.wire("take" + sfx, take.and(takePtr.q().eq(x))) : take;
      Signal ready = nf > 1 ? m.wire("out_ready" + sfx, outReady.and(outPtr.q().eq(x))) : outReady;
      finisher(m, sfx, st, f, mine, ready, bufPU, bufPV, bufNU, bufNV, bufEU, bufEV, bufCx0, x, idle, fOut,
          fAu, fAv, fNu, fNv, fSkip, fState, fRootU, fRootV);
      if (nf > 1) {
        takeOk = takeOk.or(takePtr.q().eq(x).and(idle[x]));
      }
    }
    m.assign(take, (nf > 1 ? takeOk : idle[0]).and(fullU.q()).and(fullV.q()));
    Expr sel = nf > 1 ? outPtr.q() : null;
    Expr valid = pick(sel, fOut);
    Expr[] cuHi = new Expr[r];
    Expr[] cvHi = new Expr[r];
    for (int i = 0; i < r; i++) {
      Expr[] au = new Expr[nf];
      Expr[] av = new Expr[nf];
      for (int x = 0; x < nf; x++) {
        au[x] = fAu[x][i];
        av[x] = fAv[x][i];
      }
      cuHi[r - 1 - i] = pick(sel, au);
      cvHi[r - 1 - i] = pick(sel, av);
    }
    if (nf > 1) {
      takePtr.next(wrapInc(takePtr.q(), nf)).enableWhen(take);
      outPtr.next(wrapInc(outPtr.q(), nf)).enableWhen(m.wire("out_fire", outValid.and(outReady)));
    }
    m.assign(outValid, valid);
    m.assign(auOut, r == 1 ? cuHi[0] : Expr.cat(cuHi));
    m.assign(avOut, r == 1 ? cvHi[0] : Expr.cat(cvHi));
    m.assign(nuOut, pick(sel, fNu));
    m.assign(nvOut, pick(sel, fNv));
    m.assign(skipOut, pick(sel, fSkip));

    m.assertStableWhileStalled("in_stable", inValid, inReady, inFirst, inLast, xIn, basisIn, expIn,
        cx0In);
    m.assertStableWhileStalled("out_stable", outValid, outReady, auOut, nuOut, avOut, nvOut, skipOut);
    m.assertFraming("in_framing", inValid, inReady, inFirst, inLast, total);
    // In flight: one per finisher, one in the phase buffers, one in the accumulators.
    m.assertOutstanding("samples_in_flight", accept.and(inLast), outValid.and(outReady), nf + 2);
    m.assertAtMost("beat_range", beat.q(), total - 1);
    int sw = 2 * f.isqrtSteps;
    for (int x = 0; x < nf; x++) {
      String sfx = nf > 1 ? "_f" + x : "";
      m.assertAtMost("state_range" + sfx, fState[x], 6);
      // The roots have no reset (X in Icarus until a residual loads them): checked where they are read.
      m.assertImplies("root_u_range" + sfx, fOut[x], fRootU[x].le(Expr.lit(sw, f.normMax)),
          "nu exceeds " + f.normMax, fRootU[x]);
      m.assertImplies("root_v_range" + sfx, fOut[x], fRootV[x].le(Expr.lit(sw, f.normMax)),
          "nv exceeds " + f.normMax, fRootV[x]);
    }
    if (nf > 1) {
      m.assertAtMost("take_ptr_range", takePtr.q(), nf - 1);
      m.assertAtMost("out_ptr_range", outPtr.q(), nf - 1);
    }
    return m;
  }

  /**
   * One finisher (suffix {@code sfx}): takes a complete sample on {@code take}, spends
   * r + isqrt_steps + 5 cycles, holds its results in StOut until {@code ready}; slot x of the
   * arrays receives its idle flag, output-valid, results, state and roots.
   */
  private static void finisher(Module m, String sfx, Signal[] st, LrtFormats f, Signal take,
      Signal outReady,
      Signal[] bufPU, Signal[] bufPV, Signal bufNU, Signal bufNV, Signal bufEU, Signal bufEV,
      Signal bufCx0, int x, Signal[] idle, Signal[] fOut, Signal[][] fAu, Signal[][] fAv,
      Signal[] fNu, Signal[] fNv, Signal[] fSkip, Signal[] fState, Signal[] fRootU,
      Signal[] fRootV) {
    int r = f.rank;
    int cw = f.coefWidth;
    int nw = f.normSqWidth;
    int g = LrtFormats.GUARD;
    Signal stIdle = st[0];
    Signal stSq = st[1];
    Signal stRes = st[2];
    Signal stSqrt = st[3];
    Signal stNorm = st[4];
    Signal stKappa = st[5];
    Signal stOut = st[6];
    Reg state = m.reg("state" + sfx, 3, 0);
    Signal sq0 = state.q();
    idle[x] = m.wire("idle" + sfx, sq0.eq(stIdle));

    m.comment("Coefficients p_i = round_half_away(P_i / 2^(" + f.basisFrac + " + e - " + g
        + ")), at most " + f.coefMax + " in magnitude");
    Signal[] cu = new Signal[r];
    Signal[] cv = new Signal[r];
    for (int i = 0; i < r; i++) {
      cu[i] = m.regNoReset("coef_u_" + i + sfx, cw)
          .next(coefficient(m, "u_" + i + sfx, bufPU[i], bufEU, f)).enableWhen(take).q();
      cv[i] = m.regNoReset("coef_v_" + i + sfx, cw)
          .next(coefficient(m, "v_" + i + sfx, bufPV[i], bufEV, f)).enableWhen(take).q();
    }
    Signal nU = m.regNoReset("n_u" + sfx, nw).next(bufNU).enableWhen(take).q();
    Signal nV = m.regNoReset("n_v" + sfx, nw).next(bufNV).enableWhen(take).q();
    Signal cx0 = m.regNoReset("cx0" + sfx, f.cx0Width).next(bufCx0).enableWhen(take).q();

    m.comment("Squares: sum_i p_i^2, one coefficient per cycle and side (r cycles)");
    int kw = Formats.bits(Math.max(1, r - 1));
    Reg k = m.reg("k" + sfx, kw, 0);
    Signal inSq = m.wire("in_sq" + sfx, sq0.eq(stSq));
    k.next(Expr.mux(take, Expr.lit(kw, 0), k.q().addWrap(1))).enableWhen(take.or(inSq));
    Signal lastK = m.wire("last_k" + sfx, k.q().eq(r - 1));
    int ssw = f.sumSqWidth;
    BigInteger coefSq = BigInteger.valueOf(f.coefMax).pow(2);
    Signal sumU = squareSum(m, "u" + sfx, cu, k.q(), take, inSq, ssw, coefSq);
    Signal sumV = squareSum(m, "v" + sfx, cv, k.q(), take, inSq, ssw, coefSq);

    m.comment("Residual res = max(0, N * 2^" + (2 * g) + " - sum p^2), then isqrt over "
        + f.isqrtSteps + " steps, one root bit each, both sides at once");
    int sw = 2 * f.isqrtSteps;
    Signal inRes = m.wire("in_res" + sfx, sq0.eq(stRes));
    Signal inSqrt = m.wire("in_sqrt" + sfx, sq0.eq(stSqrt));
    int jw = Formats.bits(Math.max(1, f.isqrtSteps - 1));
    Reg j = m.reg("j" + sfx, jw, 0);
    j.next(Expr.mux(inRes, Expr.lit(jw, 0), j.q().addWrap(1))).enableWhen(inRes.or(inSqrt));
    Signal lastJ = m.wire("last_j" + sfx, j.q().eq(f.isqrtSteps - 1));
    Reg bit = m.regNoReset("sqrt_bit" + sfx, sw);
    bit.next(Expr.mux(inRes, Expr.lit(sw, BigInteger.ONE.shiftLeft(sw - 2)), bit.q().shr(2)))
        .enableWhen(inRes.or(inSqrt));
    Signal rootU = isqrt(m, "u" + sfx, nU, sumU, inRes, inSqrt, bit.q(), sw, f);
    Signal rootV = isqrt(m, "v" + sfx, nV, sumV, inRes, inSqrt, bit.q(), sw, f);
    Expr nu = rootU.narrow(f.normWidth, f.normMax);
    Expr nv = rootV.narrow(f.normWidth, f.normMax);

    m.comment("Kappa test: skip when cx0 > " + f.kappa + " * |res_u| * |res_v|; the norms'"
        + " product is registered first (StNorm), the constant multiply and compare follow");
    Signal inNorm = m.wire("in_norm" + sfx, sq0.eq(stNorm));
    Expr nn = nu.mul(nv);
    Signal nnQ = m.regNoReset("norm_prod" + sfx, nn.width()).next(nn).enableWhen(inNorm).q();
    Expr bound = nnQ.mul(Expr.lit(f.kappaWidth, f.kappa));
    int kpw = Math.max(bound.width(), f.cx0Width);
    Signal inKappa = m.wire("in_kappa" + sfx, sq0.eq(stKappa));
    Signal skip = m.reg("skip" + sfx, 1, 0).next(cx0.zext(kpw).gt(bound.zext(kpw)))
        .enableWhen(inKappa).q();

    Signal inOut = m.wire("in_out" + sfx, sq0.eq(stOut));
    state.next(Expr.mux(take, stSq,
        Expr.mux(inSq.and(lastK), stRes,
            Expr.mux(inRes, stSqrt,
                Expr.mux(inSqrt.and(lastJ), stNorm,
                    Expr.mux(inNorm, stKappa,
                        Expr.mux(inKappa, stOut,
                            Expr.mux(inOut.and(outReady), stIdle, sq0))))))));
    fOut[x] = inOut;
    fAu[x] = cu;
    fAv[x] = cv;
    fNu[x] = m.wire("nu" + sfx, nu);
    fNv[x] = m.wire("nv" + sfx, nv);
    fSkip[x] = skip;
    fState[x] = sq0;
    fRootU[x] = rootU;
    fRootV[x] = rootV;
  }

  /** {@code v[sel]} (v[0] without a selector). */
  private static Expr pick(Expr sel, Expr[] v) {
    Expr out = v[v.length - 1];
    for (int i = v.length - 2; i >= 0; i--) {
      out = Expr.mux(sel.eq(i), v[i], out);
    }
    return out;
  }

  /** {@code p + 1}, back to 0 after {@code n - 1}. */
  private static Expr wrapInc(Expr p, int n) {
    return Expr.mux(p.eq(n - 1), Expr.lit(p.width(), 0), p.addWrap(1));
  }

  /** round_half_away(P / 2^(basis_frac + e - GUARD)) of a signed P, as a signed coef_width value. */
  private static Expr coefficient(Module m, String name, Expr p, Expr exp, LrtFormats f) {
    int cw = f.coefWidth;
    Expr mag = Signed.abs(p);
    int fixed = f.basisFrac - LrtFormats.GUARD - 1; // s - 1 = fixed + e >= 0
    Expr kept = fixed > 0 ? mag.slice(mag.width() - 1, fixed) : mag;
    Signal shifted = m.wire("keep_" + name, kept.shr(exp));
    Expr rounded = Arith.finishRound(shifted).narrow(cw - 1, f.coefMax).zext(cw);
    return Expr.mux(Signed.msb(p), Signed.neg(rounded), rounded);
  }

  private static Signal squareSum(Module m, String side, Signal[] coef, Expr k, Expr take,
      Expr inSq, int width, BigInteger coefSq) {
    Expr pick = coef[coef.length - 1];
    for (int i = coef.length - 2; i >= 0; i--) {
      pick = Expr.mux(k.eq(i), coef[i], pick);
    }
    Signal a = m.wire("sq_pick_" + side, Signed.abs(pick));
    Expr square = a.mul(a).narrow(width, coefSq);
    Reg sum = m.regNoReset("sum_sq_" + side, width);
    sum.next(Expr.mux(take, Expr.lit(width, 0), sum.q().addWrap(square))).enableWhen(take.or(inSq));
    return sum.q();
  }

  private static Signal isqrt(Module m, String side, Signal n, Signal sumSq, Expr inRes, Expr inSqrt,
      Expr bit, int sw, LrtFormats f) {
    int g2 = 2 * LrtFormats.GUARD;
    int w = Math.max(f.resSqWidth, f.sumSqWidth) + 1;
    Expr scaled = n.shl(g2).zext(w);
    Expr sum = sumSq.zext(w);
    Expr res = Expr.mux(scaled.ge(sum), scaled.subWrap(sum), Expr.lit(w, 0))
        .narrow(sw, f.resSqMax);
    Reg rem = m.regNoReset("rem_" + side, sw);
    Reg root = m.regNoReset("root_" + side, sw);
    Signal trial = m.wire("trial_" + side, root.q().addWrap(bit));
    Signal fits = m.wire("fits_" + side, rem.q().ge(trial));
    rem.next(Expr.mux(inRes, res, Expr.mux(fits, rem.q().subWrap(trial), rem.q())))
        .enableWhen(m.wire("rem_load_" + side, inRes.or(inSqrt)));
    root.next(Expr.mux(inRes, Expr.lit(sw, 0),
        Expr.mux(fits, root.q().shr(1).addWrap(bit), root.q().shr(1))))
        .enableWhen(m.wire("root_load_" + side, inRes.or(inSqrt)));
    return root.q();
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    LrtFormats f = units.config().lrtFormats();
    String sc = f.coefWidth + "-bit signed";
    return new UnitSheet()
        .summary("Per sample, the projections of u (" + f.n + " elements) and v (" + f.m + ") onto"
            + " the r = " + f.rank + " rows of their bases, the residual norms and the kappa test"
            + " (docs/ARITHMETIC.md section 12.2): `P_i = sum B_i x`, `p_i = round_half_away(P_i /"
            + " 2^(" + f.basisFrac + " + e - " + LrtFormats.GUARD + "))`, `norm = isqrt(max(0, sum x^2 * 2^"
            + (2 * LrtFormats.GUARD) + " - sum p_i^2))`, `skip = cx0 > " + f.kappa + " * nu * nv`.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a beat is offered")
        .port("in_ready_o", "flag", "the unit takes the beat this cycle")
        .port("in_first_i", "flag", "first beat of a sample (u's elements 0.." + (f.lanes - 1) + ")")
        .port("in_last_i", "flag", "last beat of a sample (v's last elements)")
        .port("x_i", f.lanes + " x " + f.inputWidth + "-bit signed", "elements b * lanes .. of u (beats"
            + " 0.." + (f.beatsU - 1) + ") or v (beats " + f.beatsU + ".." + (f.beatsPerSample - 1)
            + "), lane 0 in the low bits")
        .port("basis_i", f.rank + " x " + f.lanes + " x " + f.basisWidth + "-bit signed",
            "the same lanes of basis rows 0..r-1 of the beat's side; row i lane l at bits"
                + " [(i * lanes + l) * " + f.basisWidth + " +: " + f.basisWidth + "]")
        .port("exp_i", LrtFormats.EXP_WIDTH + "-bit unsigned", "the side's basis exponent e (value ="
            + " code * 2^-(" + f.basisFrac + " + e)), read on the side's last beat")
        .port("cx0_i", "unsigned integer", "the largest singular weight Cx[0] in units of 2^-"
            + (2 * LrtFormats.GUARD) + " u-step * v-step, read on the sample's last beat")
        .port("out_valid_o", "flag", "a sample's results are held")
        .port("out_ready_i", "flag", "the receiver takes them")
        .port("au_o", f.rank + " x " + sc, "u's coefficients p_0..p_{r-1} (p_0 low), units 2^-"
            + LrtFormats.GUARD + " input step")
        .port("nu_o", "unsigned integer", "u's residual norm, units 2^-" + LrtFormats.GUARD + " step")
        .port("av_o", f.rank + " x " + sc, "v's coefficients")
        .port("nv_o", "unsigned integer", "v's residual norm")
        .port("skip_o", "flag", "the kappa test: drop the pair")
        .timing(UnitSheet.LATENCY, "accepting a sample's last beat to `out_valid_o`, finisher idle",
            "r + isqrt_steps + 6", latency(f))
        .timingBound(UnitSheet.II, "cycles per sample, " + finishers(f) + " finisher(s) F ="
            + " ceil((r + isqrt_steps + 5) / (beats_u + beats_v))",
            "max(beats_u + beats_v, ceil((r + isqrt_steps + 5) / F)) = beats_u + beats_v", interval(f))
        .framing("A sample is exactly beats_u + beats_v = " + f.beatsPerSample + " beats; the unit"
            + " restarts its beat count on `in_first_i` and ends the sample on `in_last_i`.")
        .outOfRange("a basis that is not orthonormal", "the residual is clamped at 0 when sum p_i^2"
            + " exceeds the scaled squared norm");
  }
}
