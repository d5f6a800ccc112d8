package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Width errors are thrown at the generator line, naming the signal and both widths. */
class WidthCheckTest {
  private Module m;
  private Signal a;
  private Signal b;
  private Signal narrow;

  @BeforeEach
  void setUp() {
    m = new Design("0.1.0", "abc").module("widths", "width checks");
    a = m.input("a_i", 8);
    b = m.input("b_i", 8);
    narrow = m.input("n_i", 4);
  }

  /** The line of the caller, so a test can predict the location a message should name. */
  private static int line() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow()
        .getLineNumber();
  }

  @Test
  void assignMismatchNamesTargetWidthsAndThisLine() {
    Signal sum = m.wire("sum", 9);
    // One line on purpose: the expected location is the line of the failing call.
    int line = line(); WidthException e = assertThrows(WidthException.class, () -> m.assign(sum, a.addWrap(b)));
    String msg = e.getMessage();
    assertTrue(msg.contains("'sum'"), msg);
    assertTrue(msg.contains("9 bit(s)") && msg.contains("8 bit(s)"), msg);
    assertTrue(msg.contains("WidthCheckTest.java:" + line), msg);
    assertEquals("sum", e.target());
    assertEquals(9, e.expectedWidth());
    assertEquals(8, e.actualWidth());
    assertEquals("WidthCheckTest.java:" + line, e.location());
  }

  @Test
  void combAssignmentAndPortConnectionAreChecked() {
    Signal w = m.wire("w", 8);
    Comb c = m.comb("");
    WidthException e = assertThrows(WidthException.class, () -> c.set(w, a.add(b)));
    assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("target is 8 bit(s)"), e.getMessage());

    Design d = new Design("0.1.0", "abc");
    Module child = d.module("child", "child");
    child.input("x_i", 4);
    Module parent = d.module("parent", "parent");
    Signal p = parent.input("p_i", 5);
    Instance u = parent.instance("u_child", child);
    WidthException pe = assertThrows(WidthException.class, () -> u.connect("x_i", p));
    assertTrue(pe.getMessage().contains("u_child.x_i"), pe.getMessage());
  }

  @Test
  void operandMismatchesThrowInsteadOfExtending() {
    assertThrows(WidthException.class, () -> a.and(narrow));
    assertThrows(WidthException.class, () -> a.addWrap(narrow));
    assertThrows(WidthException.class, () -> a.subWrap(narrow));
    assertThrows(WidthException.class, () -> a.lt(narrow));
    assertThrows(WidthException.class, () -> Expr.mux(a.bit(0), a, narrow));
    assertThrows(WidthException.class, () -> Expr.mux(narrow, a, b));
    WidthException e = assertThrows(WidthException.class, () -> a.eq(narrow));
    assertTrue(e.getMessage().contains("a_i") && e.getMessage().contains("n_i"), e.getMessage());
  }

  @Test
  void constantsMustFit() {
    assertThrows(WidthException.class, () -> Expr.lit(4, 16));
    assertThrows(WidthException.class, () -> a.eq(256));
    assertThrows(WidthException.class, () -> a.addWrap(300));
    assertThrows(WidthException.class, () -> m.reg("r", 2, 4));
    assertThrows(HdlException.class, () -> Expr.lit(4, -1));
    assertEquals(4, Expr.lit(4, 15).width());
    assertEquals(70, Expr.lit(70, BigInteger.ONE.shiftLeft(69)).width());
  }

  @Test
  void explicitWidthChangesStateIntent() {
    assertThrows(WidthException.class, () -> a.zext(4));
    assertThrows(WidthException.class, () -> a.trunc(9));
    assertEquals(12, a.zext(12).width());
    assertEquals(3, a.trunc(3).width());
    assertEquals(3, a.resize(3).width());
    assertEquals(12, a.resize(12).width());
    assertThrows(HdlException.class, () -> a.slice(8, 0));
    assertThrows(HdlException.class, () -> a.slice(2, 3));
  }

  @Test
  void resultWidthsAreExact() {
    assertEquals(9, a.add(b).width());
    assertEquals(9, a.add(narrow).width(), "max(8, 4) + 1");
    assertEquals(9, a.sub(b).width());
    assertEquals(8, a.addWrap(b).width());
    assertEquals(12, a.mul(narrow).width(), "8 + 4");
    assertEquals(10, a.mul(3).width(), "8 + bits(3)");
    assertEquals(10, a.shl(2).width());
    assertEquals(8, a.shr(2).width());
    assertEquals(8, a.shr(narrow).width());
    assertEquals(1, a.lt(b).width());
    assertEquals(1, a.xorReduce().width());
    assertEquals(20, Expr.cat(a, narrow, b).width());
    assertEquals(12, narrow.repl(3).width());
    assertEquals(9, a.add(255).width(), "the constant takes a's width: 8 + 1");
    assertEquals(10, a.add(256).width(), "256 needs 9 bits: max(8, 9) + 1");
  }

  @Test
  void romContentsAndAddressAreChecked() {
    Signal data = m.wire("data", 4);
    assertThrows(WidthException.class, () -> m.rom(data, new long[] {1, 2, 16}, a.slice(1, 0)));
    WidthException e =
        assertThrows(WidthException.class, () -> m.rom(data, new long[] {1, 2, 3, 4, 5}, a.slice(1, 0)));
    assertTrue(e.getMessage().contains("'data'"), e.getMessage());
  }
}
