package nms.rtl.units;

import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsDivider;
import nms.rtl.hdl.Comb;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * Generates {@code nms_divider}, the twin of {@link NmsDivider} (arithmetic spec 6.2): {@code
 * quotient_o = floor(dividend_i / divisor_i)}, a restoring divider producing one quotient bit per
 * cycle, most significant first.
 *
 * <p>Precondition, as in the golden model: {@code divisor_i >= 1} and the quotient fits {@code
 * quotient_width} bits, i.e. {@code dividend_i >> quotient_width < divisor_i}. That is what lets
 * the partial remainder start as the dividend's top bits and stay below the divisor, so it never
 * needs more than {@code sum_a_width} bits. In the perplexity unit it holds by construction:
 * {@code (T << (entropy_frac - t_frac)) / S <= max t < t_sat} (spec section 3). A violating input
 * gives an unspecified quotient; it never hangs the unit.
 *
 * <p>Timing: the first quotient bit is decided in the cycle the operands are accepted, the other
 * {@code quotient_width - 1} in the following cycles, so the quotient is valid {@code
 * quotient_width} cycles after acceptance; in_ready_o is low while busy and while an unread
 * quotient is held, and rises in the cycle the quotient is taken, so back-to-back divisions take
 * exactly {@code quotient_width} cycles each.
 */
public class DividerUnit implements UnitGenerator {
  public static final String NAME = "nms_divider";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsDivider.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    Formats f = units.formats();
    int qw = f.quotientWidth;
    return new UnitSheet()
        .summary("`quotient = floor(dividend / divisor)`, a restoring divider producing one"
            + " quotient bit per cycle, most significant first (docs/ARITHMETIC.md section 6.2).")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "operands are offered")
        .port("in_ready_o", "flag", "the unit takes them this cycle (idle, or the held quotient"
            + " is taken now)")
        .port("dividend_i", "unsigned integer", "the dividend")
        .port("divisor_i", "unsigned integer", "the divisor, >= 1")
        .port("out_valid_o", "flag", "`quotient_o` holds a result")
        .port("out_ready_i", "flag", "the receiver takes it")
        .port("quotient_o", "unsigned integer", "floor(dividend / divisor), below 2^" + qw)
        .timing(UnitSheet.LATENCY, "accepting the operands to `out_valid_o`",
            "quotient_width", latency(units.config()))
        .timing(UnitSheet.II, "cycles between back-to-back divisions", "quotient_width",
            latency(units.config()))
        .framing("One beat per transaction; no flags. `in_ready_o` is low while a division"
            + " runs and while its quotient is held.")
        .outOfRange("`divisor_i` = 0", "`quotient_o` = 2^" + qw + " - 1 (every trial"
            + " subtraction succeeds)")
        .outOfRange("quotient does not fit (`dividend_i >> " + qw + "` >= `divisor_i`)",
            "unspecified quotient, `quotient_width` cycles as always (never hangs)");
  }

  /** Cycles from acceptance to a valid quotient, and between back-to-back divisions. */
  public static int latency(NmsConfig cfg) {
    return cfg.formats().quotientWidth;
  }

  /**
   * Width of the partial remainder: {@code sum_a_width}, since it stays below the divisor;
   * overridden only by contract tests.
   */
  protected int remainderWidth(Formats f) {
    return f.sumAWidth;
  }

  @Override
  public Module build(Units units) {
    Formats f = units.formats();
    int nw = f.dividendWidth;
    int dw = f.sumAWidth;
    int qw = f.quotientWidth;

    Module m = units.design().module(NAME,
        "restoring divider, " + nw + "-bit dividend / " + dw + "-bit divisor, one of "
            + qw + " quotient bits per cycle, MSB first");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal dividend = m.input("dividend_i", nw);
    Signal divisor = m.input("divisor_i", dw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal quotientOut = m.output("quotient_o", qw);

    Signal stIdle = m.constant("StIdle", 2, 0);
    Signal stBusy = m.constant("StBusy", 2, 1);
    Signal stDone = m.constant("StDone", 2, 2);
    Reg state = m.reg("state", 2, 0);

    m.comment("Accept when idle, or when the held quotient is taken in this cycle");
    Signal accept = m.wire("accept", 1);
    m.assign(inReady, state.q().eq(stIdle).or(state.q().eq(stDone).and(outReady)));
    m.assign(accept, inValid.and(inReady));

    // The dividend splits into the partial remainder's start (its bits above quotient_width,
    // below the divisor by the precondition) and the quotient_width bits shifted in one by one.
    Expr remStart;
    Expr lowStart;
    if (nw > qw) {
      Expr high = dividend.slice(nw - 1, qw);
      if (high.width() > dw) {
        m.markUnused(dividend.slice(nw - 1, qw + dw)); // zero by the precondition
        high = dividend.slice(qw + dw - 1, qw);
      }
      remStart = high.zext(dw);
      lowStart = dividend.slice(qw - 1, 0);
    } else {
      remStart = Expr.lit(dw, 0);
      lowStart = dividend.zext(qw);
    }

    // rem_q: partial remainder (< divisor). low_q: dividend bits not yet used at the top,
    // quotient bits shifted in at the bottom; after quotient_width steps it is the quotient.
    Reg rem = m.regNoReset("rem", remainderWidth(f));
    Reg low = m.regNoReset("low", qw);
    Reg div = m.regNoReset("divisor", dw);
    int countWidth = Formats.bits(Math.max(1, qw - 1));
    Reg count = m.reg("count", countWidth, 0);

    m.comment("One restoring step: the accepted operands' first step, or the running division's");
    Signal stepRem = m.wire("step_rem", Expr.mux(accept, remStart, rem.q()));
    Signal stepLow = m.wire("step_low", Expr.mux(accept, lowStart, low.q()));
    Signal stepDiv = m.wire("step_div", Expr.mux(accept, divisor, div.q()));
    Signal trial = m.wire("trial", Expr.cat(stepRem, stepLow.bit(qw - 1)));
    // trial - divisor in dw + 2 bits: the top bit is the borrow, set when trial < divisor.
    Signal diff = m.wire("diff", trial.sub(stepDiv));
    Signal qbit = m.wire("qbit", diff.bit(dw + 1).not());
    // The new remainder is below the divisor either way, so its top bit (bit dw) is zero.
    Signal remNext = m.wire("rem_next", Expr.mux(qbit, diff.slice(dw - 1, 0), trial.slice(dw - 1, 0)));
    m.markUnused(diff.bit(dw));
    Expr lowNext = qw == 1 ? qbit : Expr.cat(stepLow.slice(qw - 2, 0), qbit);

    Signal step = m.wire("step", accept.or(state.q().eq(stBusy)));
    rem.next(remNext).enableWhen(step);
    low.next(lowNext).enableWhen(step);
    div.next(divisor).enableWhen(accept);

    Comb fsm = m.comb("Control: busy for the remaining quotient_width - 1 steps, then hold");
    fsm.set(state.d(), state.q());
    fsm.set(count.d(), count.q());
    Expr lastSteps = Expr.lit(countWidth, Math.max(0, qw - 2));
    fsm.when(accept, b -> {
      // quotient_width == 1: the accepting step was the only one.
      b.set(state.d(), qw == 1 ? stDone : stBusy);
      b.set(count.d(), Expr.lit(countWidth, 0));
    }, b -> b.select(state.q())
        .is(stBusy, c -> {
          c.set(count.d(), count.q().addWrap(1));
          c.when(count.q().eq(lastSteps), e -> e.set(state.d(), stDone));
        })
        .is(stDone, c -> c.when(outReady, e -> e.set(state.d(), stIdle)))
        .otherwise(c -> { }));
    m.assign(outValid, state.q().eq(stDone));
    m.assign(quotientOut, low.q());

    // Assertions (simulation only). The precondition (divisor >= 1, quotient fits) holds in the
    // perplexity unit by construction; a violation there is a bug upstream.
    m.assertStableWhileStalled("in_stable", inValid, inReady, dividend, divisor);
    m.assertStableWhileStalled("out_stable", outValid, outReady, quotientOut);
    m.assertOutstanding("one_quotient_per_division", accept, outValid.and(outReady), 1);
    int cmpWidth = Math.max(nw, dw);
    Expr fits = nw > qw
        ? dividend.shr(qw).zext(cmpWidth).lt(divisor.zext(cmpWidth)) : Expr.lit(1, 1);
    m.assertImplies("divide_precondition", accept, divisor.ne(0).and(fits),
        "divisor_i must be >= 1 and dividend_i >> " + qw + " below it", dividend, divisor);
    m.assertAtMost("state_in_range", state.q(), 2);
    m.assertAtMostWhen("count_in_range", state.q().eq(stBusy), count.q(), Math.max(0, qw - 2));
    return m;
  }
}
