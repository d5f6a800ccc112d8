package nms.rtl.units.lrt;

import nms.golden.NmsLrtSvd;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * The sign source of {@code nms_lrt_svd}'s mixing (docs/ARITHMETIC.md section 12.5, LFSR): the
 * 32-bit Galois LFSR of {@code NmsLrtSvd.Lfsr}, {@code draws} steps unrolled per mixed sample
 * (bit i of the signs = the i-th output bit, 1 = +1). Not a unit of its own: {@link #steps} is
 * what {@code nms_lrt_svd} will instantiate; {@link #build} wraps it as a stream for its bench.
 */
public final class SvdLfsr {
  /** Name of the stand-alone test wrapper module. */
  public static final String NAME = "nms_lrt_svd_lfsr";

  private SvdLfsr() {}

  /**
   * {@code draws} LFSR steps from {@code state}: returns {state after, the output bits (bit i =
   * draw i)}. Each step: out = state[0], state = (state >> 1) ^ (out ? MASK : 0).
   */
  static Expr[] steps(Expr state, int draws) {
    Expr s = state;
    Expr[] bits = new Expr[draws];
    Expr mask = Expr.lit(32, NmsLrtSvd.Lfsr.MASK & 0xFFFFFFFFL);
    for (int i = 0; i < draws; i++) {
      bits[i] = s.bit(0);
      s = s.shr(1).xor(Expr.mux(bits[i], mask, Expr.lit(32, 0)));
    }
    Expr[] rev = new Expr[draws];
    for (int i = 0; i < draws; i++) {
      rev[i] = bits[draws - 1 - i]; // cat puts its first part in the high bits
    }
    return new Expr[] {s, Expr.cat(rev)};
  }

  /**
   * A stream module: a request carries {@code load_i} and {@code seed_i} (load: restart from the
   * seed, which must not be 0); the answer is the next {@code draws} sign bits.
   */
  public static Module build(Design design, int draws, int resetSeed) {
    Module m = design.module(NAME, "nms_lrt_svd LFSR, " + draws + " signs per request");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal load = m.input("load_i", 1);
    Signal seed = m.input("seed_i", 32);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal signs = m.output("signs_o", draws);
    Reg full = m.reg("full", 1, 0);
    Signal take = m.wire("take", inValid.and(inReady));
    m.assign(inReady, full.q().not().or(outReady));
    Reg state = m.reg("state", 32, resetSeed & 0xFFFFFFFFL);
    Signal from = m.wire("from", Expr.mux(load, seed, state.q()));
    Expr[] st = steps(from, draws);
    state.next(st[0]).enableWhen(take);
    Reg out = m.regNoReset("signs", draws);
    out.next(st[1]).enableWhen(take);
    full.next(take.or(full.q().and(outReady.not())));
    m.assign(outValid, full.q());
    m.assign(signs, out.q());
    m.assertNever("state_nonzero", state.q().eq(0), "the LFSR state is 0 (a zero seed was loaded)",
        state.q());
    m.assertStableWhileStalled("in_stable", inValid, inReady, load, seed);
    m.assertStableWhileStalled("out_stable", outValid, outReady, signs);
    return m;
  }
}
