package nms.rtl.units;

import nms.rtl.hdl.Expr;

/** Integer primitives of docs/ARITHMETIC.md section 2, as width-exact expressions. */
public final class Arith {
  private Arith() {}

  /**
   * {@code round_shift(x, s) = floor((x + 2^(s-1)) / 2^s)} for a constant {@code s >= 1}, round
   * half up, built as {@code ((x >> (s-1)) + 1) >> 1} (floor of a floor), which needs one
   * incrementer instead of a full-width adder. Exact: the result is {@code max(w, s) - s + 1}
   * bits, enough for every input.
   */
  public static Expr roundShift(Expr x, int s) {
    return finishRound(keepForRound(x, s));
  }

  /**
   * The first half of {@link #roundShift}: {@code x >> (s-1)}, the result bits plus the rounding
   * bit, so a pipeline can register only the bits the rounding looks at.
   */
  public static Expr keepForRound(Expr x, int s) {
    if (s < 1) {
      throw new IllegalArgumentException("round_shift needs a shift of at least 1, got " + s);
    }
    Expr v = x.width() < s ? x.zext(s) : x;
    return v.slice(v.width() - 1, s - 1);
  }

  /** The second half of {@link #roundShift}: {@code (kept + 1) >> 1}, in {@code kept}'s width. */
  public static Expr finishRound(Expr kept) {
    Expr plusHalf = kept.add(1); // one bit wider: the carry is kept
    return plusHalf.slice(kept.width(), 1);
  }

  /** {@code |a - b|} of two equally wide unsigned values, in their width (it cannot wrap). */
  public static Expr absDiff(Expr a, Expr b) {
    return Expr.mux(a.ge(b), a.subWrap(b), b.subWrap(a));
  }

  /** Bits to hold {@code v >= 0}, at least 1 (as {@code Formats.bits}). */
  public static int bits(long v) {
    return Math.max(1, 64 - Long.numberOfLeadingZeros(v));
  }
}
