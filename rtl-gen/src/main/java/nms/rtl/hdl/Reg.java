package nms.rtl.hdl;

import java.math.BigInteger;

/**
 * A register as a {@code name_q} / {@code name_d} pair: the generator drives {@code d()} with
 * combinational logic, the flop copies it into {@code q()} on each rising {@code clk_i} (or only
 * when the enable is high), and an async active-low {@code rst_ni} loads the reset value.
 */
public final class Reg {
  private final Module module;
  private final Signal q;
  private final Signal d;
  private final BigInteger resetValue;
  private Expr enable;

  Reg(Module module, Signal q, Signal d, BigInteger resetValue) {
    this.module = module;
    this.q = q;
    this.d = d;
    this.resetValue = resetValue;
  }

  /** The stored value ({@code name_q}). */
  public Signal q() {
    return q;
  }

  /** The next value ({@code name_d}); drive it exactly once. */
  public Signal d() {
    return d;
  }

  /** Shorthand for {@code module.assign(d(), value)}. */
  public Reg next(Expr value) {
    module.assign(d, value);
    return this;
  }

  /**
   * Loads {@code d} only while {@code enable} is high; otherwise the register holds. Maps onto
   * enable flops and onto a block RAM's read enable for registered ROMs.
   */
  public Reg enableWhen(Expr enable) {
    if (this.enable != null) {
      throw HdlException.here("register '" + q.name() + "' already has an enable");
    }
    Expr.requireBit("enable of '" + q.name() + "'", enable);
    module.read(enable);
    this.enable = enable;
    return this;
  }

  /** Null for a register without reset. */
  BigInteger resetValue() {
    return resetValue;
  }

  /** Null when the register loads every cycle. */
  Expr enable() {
    return enable;
  }
}
