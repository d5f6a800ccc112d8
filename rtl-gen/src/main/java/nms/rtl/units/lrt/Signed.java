package nms.rtl.units.lrt;

import nms.rtl.hdl.Expr;

/**
 * Two's complement helpers over the builder's unsigned expressions (the builder has no signed
 * type): sign extension, magnitude, a sign-magnitude multiply and offset-binary comparison.
 */
final class Signed {
  private Signed() {}

  static Expr msb(Expr x) {
    return x.bit(x.width() - 1);
  }

  /** {@code x} sign-extended to {@code w >= width} bits. */
  static Expr sext(Expr x, int w) {
    if (w == x.width()) {
      return x;
    }
    if (w < x.width()) {
      throw new IllegalArgumentException("sext to " + w + " < " + x.width());
    }
    return Expr.cat(msb(x).repl(w - x.width()), x);
  }

  /** {@code |x|} of a w-bit signed value, in w bits (|-2^(w-1)| = 2^(w-1) fits unsigned). */
  static Expr abs(Expr x) {
    return Expr.mux(msb(x), Expr.lit(x.width(), 0).subWrap(x), x);
  }

  /** {@code -x} mod 2^width. */
  static Expr neg(Expr x) {
    return Expr.lit(x.width(), 0).subWrap(x);
  }

  /**
   * The exact signed product of a (wa bits) and b (wb bits) in wa + wb bits: an unsigned multiply
   * of the magnitudes, negated when the signs differ (the builder's multiply is unsigned).
   */
  static Expr mul(Expr a, Expr b) {
    Expr mag = abs(a).mul(abs(b));
    return Expr.mux(msb(a).xor(msb(b)), neg(mag), mag);
  }

  /** Offset binary (sign bit flipped): signed order becomes unsigned order. */
  static Expr offset(Expr x) {
    return x.xor(Expr.lit(x.width(), 1L << (x.width() - 1)));
  }

  /** {@code value} as a w-bit two's complement literal. */
  static Expr lit(int w, long value) {
    return Expr.lit(w, w == 64 ? value : value & ((1L << w) - 1));
  }

  /** {@code x} (signed, any width) clamped to [lo, hi] and returned in {@code w} bits. */
  static Expr clamp(Expr x, long lo, long hi, int w) {
    int xw = x.width();
    if (xw <= w) {
      return sext(x, w);
    }
    Expr off = offset(x);
    Expr below = off.lt(offset(lit(xw, lo)));
    Expr above = off.gt(offset(lit(xw, hi)));
    return Expr.mux(below, lit(w, lo), Expr.mux(above, lit(w, hi), x.trunc(w)));
  }
}
