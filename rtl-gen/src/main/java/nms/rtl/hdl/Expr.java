package nms.rtl.hdl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * An unsigned expression of a known width. Every operation fixes its result width in Java and
 * emits Verilog whose self-determined width is the same, and every consumer demands an exact
 * width match, so Verilog's context-dependent extension never happens in emitted code.
 *
 * <p>Operations that can lose information say so in their name ({@link #addWrap}, {@link
 * #subWrap}, {@link #shlWrap}, {@link #trunc}, {@link #slice}); all others are exact.
 */
public abstract class Expr {
  /** Wider values are almost certainly a generator bug; keeps BigInteger work bounded. */
  static final int MAX_WIDTH = 1 << 16;

  private final int width;

  Expr(int width) {
    checkWidth(width);
    this.width = width;
  }

  public final int width() {
    return width;
  }

  /** Verilog text, parenthesised when compound so it nests safely. */
  final String verilog() {
    return verilog(false);
  }

  /** Verilog text; {@code bare} drops the outermost parentheses (statement level). */
  abstract String verilog(boolean bare);

  /** Reports every signal bit range this expression reads. */
  abstract void visitUses(UseSink sink);

  interface UseSink {
    void use(Signal signal, int hi, int lo);
  }

  @Override
  public String toString() {
    return verilog(true);
  }

  // ---------------------------------------------------------------------------------------------
  // Constants and combinators

  /** A constant of the given width, emitted as {@code W'dV}. */
  public static Expr lit(int width, long value) {
    if (value < 0) {
      throw HdlException.here("constant " + value + " is negative; expressions are unsigned");
    }
    return lit(width, BigInteger.valueOf(value));
  }

  public static Expr lit(int width, BigInteger value) {
    checkWidth(width);
    checkFits("constant", value, width);
    return new Const(width, value);
  }

  /** Concatenation, most significant part first (as in Verilog {@code {a, b}}). */
  public static Expr cat(Expr... parts) {
    if (parts.length == 0) {
      throw HdlException.here("cat() needs at least one part");
    }
    if (parts.length == 1) {
      return parts[0];
    }
    long total = 0;
    for (Expr p : parts) {
      total += p.width();
    }
    checkWidth(total);
    return new Concat((int) total, List.of(parts));
  }

  /** {@code sel ? ifTrue : ifFalse}; sel must be 1 bit and both branches the same width. */
  public static Expr mux(Expr sel, Expr ifTrue, Expr ifFalse) {
    requireBit("mux select", sel);
    requireSame("mux", ifTrue, ifFalse);
    return new Mux(sel, ifTrue, ifFalse);
  }

  // ---------------------------------------------------------------------------------------------
  // Arithmetic

  /** Exact sum: both operands zero-extended to max(width)+1 bits, so the carry is kept. */
  public Expr add(Expr other) {
    int w = Math.max(width, other.width()) + 1;
    return new Binary("+", zext(w), other.zext(w), w);
  }

  /** Exact sum with a constant (the constant takes this expression's width, or more if needed). */
  public Expr add(long value) {
    return add(constantAtLeast(value));
  }

  /** Width-preserving sum that wraps on overflow; operands must have equal widths. */
  public Expr addWrap(Expr other) {
    requireSame("addWrap", this, other);
    return new Binary("+", this, other, width);
  }

  public Expr addWrap(long value) {
    return addWrap(constantOfMyWidth("addWrap", value));
  }

  /**
   * Exact difference in max(width)+1 bits, two's complement: the top bit is set exactly when
   * {@code other > this} (the borrow a restoring divider looks at).
   */
  public Expr sub(Expr other) {
    int w = Math.max(width, other.width()) + 1;
    return new Binary("-", zext(w), other.zext(w), w);
  }

  public Expr sub(long value) {
    return sub(constantAtLeast(value));
  }

  /** Width-preserving difference that wraps below zero; operands must have equal widths. */
  public Expr subWrap(Expr other) {
    requireSame("subWrap", this, other);
    return new Binary("-", this, other, width);
  }

  public Expr subWrap(long value) {
    return subWrap(constantOfMyWidth("subWrap", value));
  }

  /** Exact product in width + other.width bits. */
  public Expr mul(Expr other) {
    int w = width + other.width();
    return new Binary("*", zext(w), other.zext(w), w);
  }

  /** Exact product with a constant of its minimal width. */
  public Expr mul(long value) {
    if (value < 0) {
      throw HdlException.here("constant " + value + " is negative; expressions are unsigned");
    }
    return mul(lit(Math.max(1, 64 - Long.numberOfLeadingZeros(value)), value));
  }

  // ---------------------------------------------------------------------------------------------
  // Bitwise

  public Expr and(Expr other) {
    requireSame("and", this, other);
    return new Binary("&", this, other, width);
  }

  public Expr and(long value) {
    return and(constantOfMyWidth("and", value));
  }

  public Expr or(Expr other) {
    requireSame("or", this, other);
    return new Binary("|", this, other, width);
  }

  public Expr or(long value) {
    return or(constantOfMyWidth("or", value));
  }

  public Expr xor(Expr other) {
    requireSame("xor", this, other);
    return new Binary("^", this, other, width);
  }

  public Expr xor(long value) {
    return xor(constantOfMyWidth("xor", value));
  }

  public Expr not() {
    return new Not(this);
  }

  public Expr orReduce() {
    return new Reduce("|", this);
  }

  public Expr andReduce() {
    return new Reduce("&", this);
  }

  public Expr xorReduce() {
    return new Reduce("^", this);
  }

  // ---------------------------------------------------------------------------------------------
  // Shifts

  /** Lossless left shift by a constant: width grows by {@code amount} (emitted as a concat). */
  public Expr shl(int amount) {
    if (amount < 0) {
      throw HdlException.here("shift amount " + amount + " is negative");
    }
    return amount == 0 ? this : cat(this, lit(amount, 0));
  }

  /** Right shift by a constant, width preserved (the top bits become zero). */
  public Expr shr(int amount) {
    if (amount < 0) {
      throw HdlException.here("shift amount " + amount + " is negative");
    }
    return amount == 0 ? this : new Binary(">>", this, shiftAmount(amount), width);
  }

  /** Right shift by a signal amount, width preserved. */
  public Expr shr(Expr amount) {
    return new Binary(">>", this, amount, width);
  }

  /** Left shift by a signal amount, width preserved: bits shifted past the top are lost. */
  public Expr shlWrap(Expr amount) {
    return new Binary("<<", this, amount, width);
  }

  // ---------------------------------------------------------------------------------------------
  // Comparisons (1-bit results, equal operand widths)

  public Expr eq(Expr other) {
    return compare("==", other);
  }

  public Expr eq(long value) {
    return eq(constantOfMyWidth("eq", value));
  }

  public Expr ne(Expr other) {
    return compare("!=", other);
  }

  public Expr ne(long value) {
    return ne(constantOfMyWidth("ne", value));
  }

  public Expr lt(Expr other) {
    return compare("<", other);
  }

  public Expr lt(long value) {
    return lt(constantOfMyWidth("lt", value));
  }

  public Expr le(Expr other) {
    return compare("<=", other);
  }

  public Expr le(long value) {
    return le(constantOfMyWidth("le", value));
  }

  public Expr gt(Expr other) {
    return compare(">", other);
  }

  public Expr gt(long value) {
    return gt(constantOfMyWidth("gt", value));
  }

  public Expr ge(Expr other) {
    return compare(">=", other);
  }

  public Expr ge(long value) {
    return ge(constantOfMyWidth("ge", value));
  }

  private Expr compare(String op, Expr other) {
    requireSame(op, this, other);
    return new Binary(op, this, other, 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Stated width changes

  /** Bits {@code [hi:lo]}. */
  public Expr slice(int hi, int lo) {
    if (lo < 0 || hi < lo || hi >= width) {
      throw HdlException.here(
          "slice [" + hi + ":" + lo + "] is outside '" + this + "' of width " + width);
    }
    if (hi == width - 1 && lo == 0) {
      return this;
    }
    return sliceInRange(hi, lo);
  }

  /** Overridden by nodes that can slice without a cast (signals, slices, constants). */
  Expr sliceInRange(int hi, int lo) {
    return new Cast(this, hi - lo + 1, lo);
  }

  public Expr bit(int index) {
    return slice(index, index);
  }

  /** Zero-extends to {@code newWidth} (which must not be smaller). */
  public Expr zext(int newWidth) {
    if (newWidth < width) {
      throw WidthException.of(
          "zext cannot narrow '" + shortText(this) + "' from " + width + " to " + newWidth
              + " bit(s)",
          shortText(this), width, newWidth, "use trunc or resize to drop bits");
    }
    if (newWidth == width) {
      return this;
    }
    if (this instanceof Const) {
      return new Const(newWidth, ((Const) this).value); // 11'd5 rather than {8'd0, 3'd5}
    }
    return cat(lit(newWidth - width, 0), this);
  }

  /** Keeps the low {@code newWidth} bits (which must not be more than this width). */
  public Expr trunc(int newWidth) {
    if (newWidth > width) {
      throw WidthException.of(
          "trunc cannot widen '" + shortText(this) + "' from " + width + " to " + newWidth
              + " bit(s)",
          shortText(this), width, newWidth, "use zext or resize to add bits");
    }
    checkWidth(newWidth);
    return slice(newWidth - 1, 0);
  }

  /**
   * A truncation the generator has proven safe: keeps the low {@code newWidth} bits after checking
   * that {@code maxValue}, the largest value this expression can take (computed by the generator
   * from the configuration), fits them; otherwise throws a {@link WidthException} naming the
   * expression and both widths. Zero-extends when {@code newWidth} is not smaller. Use it where
   * an exact operation ({@code add}, {@code mul}) grows wider than the format the spec gives
   * the result, so that a wrong format is caught at generation instead of wrapping in silicon.
   */
  public Expr narrow(int newWidth, BigInteger maxValue) {
    checkWidth(newWidth);
    if (maxValue.signum() < 0) {
      throw HdlException.here("maximum " + maxValue + " of '" + shortText(this) + "' is negative");
    }
    if (maxValue.bitLength() > newWidth) {
      throw WidthException.of(
          "narrowing '" + shortText(this) + "' from " + width + " to " + newWidth
              + " bit(s) would lose values up to " + maxValue + ", which need "
              + maxValue.bitLength() + " bit(s)",
          shortText(this), newWidth, maxValue.bitLength(),
          "the target format is too narrow for the value's range");
    }
    return newWidth >= width ? zext(newWidth) : trunc(newWidth);
  }

  public Expr narrow(int newWidth, long maxValue) {
    return narrow(newWidth, BigInteger.valueOf(maxValue));
  }

  /** Zero-extends or truncates to {@code newWidth}: for when either may happen by design. */
  public Expr resize(int newWidth) {
    return newWidth >= width ? zext(newWidth) : trunc(newWidth);
  }

  /** {@code {count{this}}}. */
  public Expr repl(int count) {
    if (count < 1) {
      throw HdlException.here("replication count " + count + " must be at least 1");
    }
    checkWidth((long) count * width);
    return count == 1 ? this : new Repl(this, count);
  }

  // ---------------------------------------------------------------------------------------------
  // Checks shared with Module

  static void checkWidth(long width) {
    if (width < 1 || width > MAX_WIDTH) {
      throw HdlException.here("width " + width + " is outside 1.." + MAX_WIDTH);
    }
  }

  static void checkFits(String what, BigInteger value, int width) {
    if (value.signum() < 0) {
      throw HdlException.here(what + " " + value + " is negative; expressions are unsigned");
    }
    if (value.bitLength() > width) {
      throw WidthException.of(
          what + " " + value + " needs " + value.bitLength() + " bit(s) but the width is "
              + width + " bit(s)",
          value.toString(), width, value.bitLength(), "widen the target or reduce the value");
    }
  }

  static void requireBit(String what, Expr e) {
    if (e.width() != 1) {
      throw WidthException.of(
          what + " '" + shortText(e) + "' must be 1 bit but is " + e.width() + " bit(s)",
          shortText(e), 1, e.width(), "reduce it explicitly (orReduce, ne(0), bit(i))");
    }
  }

  static void requireSame(String op, Expr a, Expr b) {
    if (a.width() != b.width()) {
      throw WidthException.of(
          "width mismatch in " + op + ": left '" + shortText(a) + "' is " + a.width()
              + " bit(s), right '" + shortText(b) + "' is " + b.width() + " bit(s)",
          shortText(a), a.width(), b.width(), "make the widths equal with zext, trunc or resize");
    }
  }

  static String shortText(Expr e) {
    String s = e.toString();
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private Expr constantOfMyWidth(String op, long value) {
    if (value < 0) {
      throw HdlException.here("constant " + value + " is negative; expressions are unsigned");
    }
    BigInteger v = BigInteger.valueOf(value);
    if (v.bitLength() > width) {
      throw WidthException.of(
          "constant " + value + " needs " + v.bitLength() + " bit(s) but the operand '"
              + shortText(this) + "' of " + op + " is " + width + " bit(s)",
          shortText(this), width, v.bitLength(), "widen the operand with zext first");
    }
    return new Const(width, v);
  }

  private Expr constantAtLeast(long value) {
    if (value < 0) {
      throw HdlException.here("constant " + value + " is negative; expressions are unsigned");
    }
    return lit(Math.max(width, 64 - Long.numberOfLeadingZeros(value)), value);
  }

  private static Expr shiftAmount(int amount) {
    return lit(32 - Integer.numberOfLeadingZeros(amount), amount);
  }

  private static String paren(String s, boolean bare) {
    return bare ? s : "(" + s + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  static final class Const extends Expr {
    final BigInteger value;

    Const(int width, BigInteger value) {
      super(width);
      this.value = value;
    }

    @Override
    String verilog(boolean bare) {
      return width() == 1 ? "1'b" + value : width() + "'d" + value;
    }

    @Override
    Expr sliceInRange(int hi, int lo) {
      BigInteger mask = BigInteger.ONE.shiftLeft(hi - lo + 1).subtract(BigInteger.ONE);
      return new Const(hi - lo + 1, value.shiftRight(lo).and(mask));
    }

    @Override
    void visitUses(UseSink sink) {}
  }

  /** A slice of a signal; a slice of anything else is a {@link Cast}. */
  static final class Slice extends Expr {
    final Signal signal;
    final int hi;
    final int lo;

    Slice(Signal signal, int hi, int lo) {
      super(hi - lo + 1);
      this.signal = signal;
      this.hi = hi;
      this.lo = lo;
    }

    @Override
    String verilog(boolean bare) {
      return signal.name() + (hi == lo ? "[" + hi + "]" : "[" + hi + ":" + lo + "]");
    }

    @Override
    Expr sliceInRange(int h, int l) {
      return new Slice(signal, lo + h, lo + l);
    }

    @Override
    void visitUses(UseSink sink) {
      sink.use(signal, hi, lo);
    }
  }

  /** Bits of a compound expression: {@code W'(e >> lo)} (a SystemVerilog size cast). */
  static final class Cast extends Expr {
    final Expr inner;
    final int lo;

    Cast(Expr inner, int width, int lo) {
      super(width);
      this.inner = inner;
      this.lo = lo;
    }

    @Override
    String verilog(boolean bare) {
      String body = lo == 0 ? inner.verilog(true) : inner.verilog() + " >> " + shiftAmount(lo);
      return width() + "'(" + body + ")";
    }

    @Override
    void visitUses(UseSink sink) {
      inner.visitUses(sink);
    }
  }

  static final class Concat extends Expr {
    final List<Expr> parts;

    Concat(int width, List<Expr> parts) {
      super(width);
      this.parts = parts;
    }

    @Override
    String verilog(boolean bare) {
      List<String> texts = new ArrayList<>();
      for (Expr p : parts) {
        texts.add(p.verilog(true));
      }
      return "{" + String.join(", ", texts) + "}";
    }

    @Override
    void visitUses(UseSink sink) {
      parts.forEach(p -> p.visitUses(sink));
    }
  }

  static final class Repl extends Expr {
    final Expr inner;
    final int count;

    Repl(Expr inner, int count) {
      super(inner.width() * count);
      this.inner = inner;
      this.count = count;
    }

    @Override
    String verilog(boolean bare) {
      return "{" + count + "{" + inner.verilog(true) + "}}";
    }

    @Override
    void visitUses(UseSink sink) {
      inner.visitUses(sink);
    }
  }

  static final class Not extends Expr {
    final Expr inner;

    Not(Expr inner) {
      super(inner.width());
      this.inner = inner;
    }

    @Override
    String verilog(boolean bare) {
      return "~" + inner.verilog();
    }

    @Override
    void visitUses(UseSink sink) {
      inner.visitUses(sink);
    }
  }

  static final class Reduce extends Expr {
    final String op;
    final Expr inner;

    Reduce(String op, Expr inner) {
      super(1);
      this.op = op;
      this.inner = inner;
    }

    @Override
    String verilog(boolean bare) {
      return paren(op + inner.verilog(), bare);
    }

    @Override
    void visitUses(UseSink sink) {
      inner.visitUses(sink);
    }
  }

  static final class Binary extends Expr {
    final String op;
    final Expr left;
    final Expr right;

    Binary(String op, Expr left, Expr right, int width) {
      super(width);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    String verilog(boolean bare) {
      return paren(left.verilog() + " " + op + " " + right.verilog(), bare);
    }

    @Override
    void visitUses(UseSink sink) {
      left.visitUses(sink);
      right.visitUses(sink);
    }
  }

  static final class Mux extends Expr {
    final Expr sel;
    final Expr ifTrue;
    final Expr ifFalse;

    Mux(Expr sel, Expr ifTrue, Expr ifFalse) {
      super(ifTrue.width());
      this.sel = sel;
      this.ifTrue = ifTrue;
      this.ifFalse = ifFalse;
    }

    @Override
    String verilog(boolean bare) {
      return paren(
          sel.verilog() + " ? " + ifTrue.verilog() + " : " + ifFalse.verilog(), bare);
    }

    @Override
    void visitUses(UseSink sink) {
      sel.visitUses(sink);
      ifTrue.visitUses(sink);
      ifFalse.visitUses(sink);
    }
  }
}
