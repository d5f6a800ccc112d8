package nms.rtl.units.lrt;

import nms.config.Formats;
import nms.config.LrtFormats;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * The rotation engine of {@code nms_lrt_svd} (docs/ARITHMETIC.md section 12.5, step 2), first
 * step of that unit: one Jacobi pair's angle by CORDIC vectoring on (x, y) = (beta - alpha,
 * 2 gamma), then one rotation of (a, b) by that angle (CORDIC rotation mode, floor shifts, the
 * gain compensation by kinv rounded half away), bit for bit as {@code NmsLrtSvd.halfAngle} and
 * {@code NmsLrtSvd.rotate}. Sequential, one iteration per cycle with a barrel shifter by the
 * iteration count: 1 normalisation cycle, {@code iterations} vectoring cycles, {@code iterations}
 * rotation cycles, 1 compensation cycle. Not a unit of its own (no twin of its own): the
 * full {@code nms_lrt_svd} is to drive 2q of these rotators from one angle path.
 */
public final class SvdCordic {
  /** Name of the stand-alone test wrapper module. */
  public static final String NAME = "nms_lrt_svd_cordic";

  private SvdCordic() {}

  /** Width of x_i and y_i: beta - alpha and 2 gamma of two column norms (dot_width + 1). */
  public static int angleInWidth(LrtFormats.SvdFormats s) {
    return s.dotWidth + 1;
  }

  /** Width of theta (units 2^-af; |theta| <= sum atan / 2 < 2^(af + 1)). */
  public static int thetaWidth(LrtFormats.SvdFormats s) {
    return s.mw + 1;
  }

  /** Width of a rotated output: |(a, b)| <= sqrt(2) 2^(mw - 1). */
  public static int outWidth(LrtFormats.SvdFormats s) {
    return s.mw + 1;
  }

  /**
   * Cycles from accepting a pair to out_valid_o: normalise, vectoring, rotation, compensation,
   * then the output register (one pair in flight, so also the cycles per pair at full rate).
   */
  public static int latency(LrtFormats.SvdFormats s) {
    return 2 * s.iterations + 3;
  }

  /** {@code x >> amount} (floor, arithmetic) in x's width, for an amount below x's width. */
  static Expr sra(Expr x, Expr amount) {
    int w = x.width();
    return Signed.sext(x, 2 * w).shr(amount).trunc(w);
  }

  /**
   * A stream module: in (x_i, y_i, a_i, b_i) with valid/ready, out (theta_o, a_o, b_o) with
   * valid/ready; one pair in flight.
   */
  public static Module build(Design design, LrtFormats.SvdFormats s) {
    int g = LrtFormats.SvdFormats.CORDIC_GUARD;
    int mw = s.mw;
    int xw = angleInWidth(s);
    int cw = s.cordicWidth;
    int zw = thetaWidth(s) + 1;
    int ow = outWidth(s);
    int it = s.iterations;
    int cntW = Formats.bits(it);
    Module m = design.module(NAME, "nms_lrt_svd rotation engine: CORDIC vectoring then rotation, "
        + it + " iterations, " + cw + "-bit registers");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal xIn = m.input("x_i", xw);
    Signal yIn = m.input("y_i", xw);
    Signal aIn = m.input("a_i", mw);
    Signal bIn = m.input("b_i", mw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal thetaOut = m.output("theta_o", thetaWidth(s));
    Signal aOut = m.output("a_o", ow);
    Signal bOut = m.output("b_o", ow);

    // phase: 0 idle, 1 normalise, 2 vectoring, 3 rotation, 4 compensation, 5 output held
    Reg phase = m.reg("phase", 3, 0);
    Reg cnt = m.reg("iter", cntW, 0);
    Signal idle = m.wire("idle", phase.q().eq(0));
    Signal take = m.wire("take", inValid.and(idle));
    Signal pNorm = m.wire("p_norm", phase.q().eq(1));
    Signal pVec = m.wire("p_vec", phase.q().eq(2));
    Signal pRot = m.wire("p_rot", phase.q().eq(3));
    Signal pComp = m.wire("p_comp", phase.q().eq(4));
    Signal pOut = m.wire("p_out", phase.q().eq(5));
    Signal lastIter = m.wire("last_iter", cnt.q().eq(it - 1));
    m.assign(inReady, idle);

    Reg xs = m.regNoReset("x_in", xw);
    Reg ys = m.regNoReset("y_in", xw);
    xs.next(xIn).enableWhen(take);
    ys.next(yIn).enableWhen(take);

    m.comment("Normalise: made x >= 0 (both negated), then floor-shifted by sv = bits(max(|x|, |y|))"
        + " - (mw - 1) when positive, the count of bits k >= mw - 1 under max's leading one");
    Expr neg = Signed.msb(xs.q());
    Signal xp = m.wire("x_pos", Expr.mux(neg, Signed.neg(xs.q()), xs.q()));
    Signal yp = m.wire("y_pos", Expr.mux(neg, Signed.neg(ys.q()), ys.q()));
    // bits(max(|x|, |y|)) = bits(|x| | |y|): only the bits from mw - 1 up matter (x >= 0 here)
    Signal magHi = m.wire("mag_hi", xp.or(Signed.abs(yp)).slice(xw - 1, mw - 1));
    int svW = Formats.bits(xw);
    Expr sv = Expr.lit(svW, 0);
    for (int k = mw - 1; k < xw; k++) {
      sv = sv.addWrap(magHi.slice(xw - 1 - (mw - 1), k - (mw - 1)).orReduce().zext(svW));
    }
    Signal shift = m.wire("norm_shift", sv);
    // after the shift |x|, |y| < 2^(mw-1): mw bits, then CORDIC_GUARD low zero bits, in cw bits
    Expr xn = Signed.sext(Expr.cat(sra(xp, shift).trunc(mw), Expr.lit(g, 0)), cw);
    Expr yn = Signed.sext(Expr.cat(sra(yp, shift).trunc(mw), Expr.lit(g, 0)), cw);
    Expr ag = Signed.sext(Expr.cat(aIn, Expr.lit(g, 0)), cw);
    Expr bg = Signed.sext(Expr.cat(bIn, Expr.lit(g, 0)), cw);
    Reg as = m.regNoReset("a_in", cw);
    Reg bs = m.regNoReset("b_in", cw);
    as.next(ag).enableWhen(take);
    bs.next(bg).enableWhen(take);

    Signal atan = m.wire("atan", zw);
    m.rom(atan, s.atan, cnt.q());

    m.comment("Vectoring: y >= 0 -> (x + y>>i, y - x>>i, z + atan[i]), else the opposite; rotation:"
        + " z >= 0 -> (x - y>>i, y + x>>i, z - atan[i]), else the opposite");
    Reg x = m.regNoReset("x", cw);
    Reg y = m.regNoReset("y", cw);
    Reg z = m.regNoReset("z", zw);
    Signal xsh = m.wire("x_shr", sra(x.q(), cnt.q()));
    Signal ysh = m.wire("y_shr", sra(y.q(), cnt.q()));
    // vectoring turns towards y = 0 (direction from y), rotation towards z = 0 (from z)
    Signal vdir = m.wire("v_dir", Signed.msb(y.q()).not());
    Signal rdir = m.wire("r_dir", Signed.msb(z.q()).not());
    Expr xv = Expr.mux(vdir, x.q().addWrap(ysh), x.q().subWrap(ysh));
    Expr yv = Expr.mux(vdir, y.q().subWrap(xsh), y.q().addWrap(xsh));
    Expr zv = Expr.mux(vdir, z.q().addWrap(atan), z.q().subWrap(atan));
    Expr xr = Expr.mux(rdir, x.q().subWrap(ysh), x.q().addWrap(ysh));
    Expr yr = Expr.mux(rdir, y.q().addWrap(xsh), y.q().subWrap(xsh));
    Expr zr = Expr.mux(rdir, z.q().subWrap(atan), z.q().addWrap(atan));
    // theta = round_half_away(z / 2) of the vectoring's final z
    Expr zfin = zv;
    Expr zHalf = Expr.mux(Signed.msb(zfin),
        Signed.neg(Signed.neg(zfin).addWrap(1).shr(1)), zfin.addWrap(1).shr(1));
    Signal startRot = m.wire("start_rot", pVec.and(lastIter));
    x.next(Expr.mux(pNorm, xn, Expr.mux(startRot, as.q(), Expr.mux(pVec, xv, xr))))
        .enableWhen(pNorm.or(pVec).or(pRot));
    y.next(Expr.mux(pNorm, yn, Expr.mux(startRot, bs.q(), Expr.mux(pVec, yv, yr))))
        .enableWhen(pNorm.or(pVec).or(pRot));
    z.next(Expr.mux(pNorm, Expr.lit(zw, 0), Expr.mux(startRot, zHalf, Expr.mux(pVec, zv, zr))))
        .enableWhen(pNorm.or(pVec).or(pRot));
    Reg theta = m.regNoReset("theta", thetaWidth(s));
    theta.next(zHalf.trunc(thetaWidth(s))).enableWhen(startRot);

    m.comment("Gain compensation: round_half_away(x kinv / 2^(mw + CORDIC_GUARD)) on magnitudes");
    int kw = Formats.bits(s.kinv);
    int sh = mw + g;
    Expr kinv = Expr.lit(kw, s.kinv);
    Signal ra = m.wire("comp_a", compensate(x.q(), kinv, sh, ow));
    Signal rb = m.wire("comp_b", compensate(y.q(), kinv, sh, ow));
    Reg ao = m.regNoReset("a_out", ow);
    Reg bo = m.regNoReset("b_out", ow);
    ao.next(ra).enableWhen(pComp);
    bo.next(rb).enableWhen(pComp);

    Signal outFire = m.wire("out_fire", pOut.and(outReady));
    Expr nextPhase = Expr.mux(take, Expr.lit(3, 1),
        Expr.mux(pNorm, Expr.lit(3, 2),
            Expr.mux(startRot, Expr.lit(3, 3),
                Expr.mux(pRot.and(lastIter), Expr.lit(3, 4),
                    Expr.mux(pComp, Expr.lit(3, 5),
                        Expr.mux(outFire, Expr.lit(3, 0), phase.q()))))));
    phase.next(nextPhase);
    cnt.next(Expr.mux(pVec.or(pRot).and(lastIter.not()), cnt.q().addWrap(1), Expr.lit(cntW, 0)))
        .enableWhen(pNorm.or(pVec).or(pRot));

    m.assign(outValid, pOut);
    m.assign(thetaOut, theta.q());
    m.assign(aOut, ao.q());
    m.assign(bOut, bo.q());

    m.assertAtMost("phase_range", phase.q(), 5);
    m.assertAtMost("iter_range", cnt.q(), it - 1);
    m.assertStableWhileStalled("in_stable", inValid, inReady, xIn, yIn, aIn, bIn);
    m.assertStableWhileStalled("out_stable", outValid, outReady, thetaOut, aOut, bOut);
    m.assertOutstanding("in_flight", inValid.and(inReady), outValid.and(outReady), 1);
    return m;
  }

  /** {@code round_half_away(v kinv / 2^sh)} of a signed v, in {@code w} bits. */
  private static Expr compensate(Expr v, Expr kinv, int sh, int w) {
    Expr prod = Signed.abs(v).mul(kinv);
    Expr rounded = prod.addWrap(1L << (sh - 1)).shr(sh).trunc(w);
    return Expr.mux(Signed.msb(v), Signed.neg(rounded), rounded);
  }
}
