package nms.rtl.units;

import nms.golden.RtlTwin;
import nms.rtl.hdl.Expr;

/** Helpers shared by the unit generators. */
final class Units {
  private Units() {}

  /** The Verilog module name a golden class declares with {@code @RtlTwin}. */
  static String twinName(Class<?> golden) {
    RtlTwin twin = golden.getAnnotation(RtlTwin.class);
    if (twin == null) {
      throw new IllegalStateException(golden.getName() + " has no @RtlTwin annotation");
    }
    return twin.value();
  }

  /** {@code round_shift(v, s) = (v + 2^(s-1)) >> s} (spec section 2), exact width. */
  static Expr roundShift(Expr v, int s) {
    Expr sum = v.add(1L << (s - 1));
    return sum.slice(sum.width() - 1, s);
  }

  /**
   * An exact result (an {@code add} carries one bit more than its operands) narrowed or widened
   * to the width the spec proves it fits: any dropped top bits are zero by that proof.
   */
  static Expr fitExact(Expr v, int width) {
    return v.width() > width ? v.trunc(width) : v.zext(width);
  }
}
