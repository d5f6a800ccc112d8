package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Structural mistakes that Verilator -Wall would report are refused before any file exists. */
class EmitChecksTest {
  private Design design;
  private Module m;
  private Signal in;
  private Signal out;

  @BeforeEach
  void setUp() {
    design = new Design("0.1.0", "abc");
    m = design.module("checks", "structural checks");
    in = m.input("in_i", 8);
    out = m.output("out_o", 8);
  }

  private String emitError() {
    return assertThrows(HdlException.class, m::emit).getMessage();
  }

  @Test
  void undrivenSignalsAreReported() {
    m.assign(out, in);
    Signal w = m.wire("floating", 1);
    m.markUnused(w);
    String msg = emitError();
    assertTrue(msg.contains("'floating'") && msg.contains("never driven"), msg);
    assertTrue(msg.contains("EmitChecksTest.java:"), "names the declaration line: " + msg);
  }

  @Test
  void unusedInputBitsAreReportedAndCanBeConsumedExplicitly() {
    Signal low = m.wire("low", 4);
    m.assign(low, in.slice(3, 0));
    m.assign(out, low.zext(8));
    String msg = emitError();
    assertTrue(msg.contains("'in_i'") && msg.contains("bits [7:4] are never read"), msg);
    assertTrue(msg.contains("markUnused()"), msg);

    m.markUnused(in.slice(7, 4));
    String text = m.emit();
    assertTrue(text.contains("assign unused_bits = ^in_i[7:4];"), text);
  }

  @Test
  void unreadRegisterOutputIsReported() {
    m.assign(out, in);
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Reg r = m.reg("state", 2, 0);
    r.next(Expr.lit(2, 1));
    String msg = emitError();
    assertTrue(msg.contains("'state_q'") && msg.contains("never read"), msg);
  }

  @Test
  void secondDriverIsRefusedNamingTheFirst() {
    m.assign(out, in);
    HdlException e = assertThrows(HdlException.class, () -> m.assign(out, in.not()));
    assertTrue(e.getMessage().contains("already driven by assign at EmitChecksTest.java:"),
        e.getMessage());
    Comb c = m.comb("");
    assertThrows(HdlException.class, () -> c.set(out, in));
    assertThrows(HdlException.class, () -> m.assign(in, out), "inputs cannot be driven");
  }

  @Test
  void branchAssignmentWithoutDefaultWouldBeALatch() {
    Comb c = m.comb("");
    HdlException e =
        assertThrows(HdlException.class, () -> c.when(in.bit(0), b -> b.set(out, in)));
    assertTrue(e.getMessage().contains("latch") && e.getMessage().contains("'out_o'"),
        e.getMessage());
  }

  @Test
  void readingBeforeTheDefaultIsRefused() {
    Signal t = m.wire("t", 8);
    Comb c = m.comb("");
    c.set(out, t);
    HdlException e = assertThrows(HdlException.class, () -> c.set(t, in));
    assertTrue(e.getMessage().contains("before its default"), e.getMessage());
  }

  @Test
  void combinationalLoopIsReported() {
    Signal x = m.wire("x", 8);
    Signal y = m.wire("y", 8);
    m.assign(x, y.xor(in));
    m.assign(y, x);
    m.assign(out, y);
    String msg = emitError();
    assertTrue(msg.contains("combinational loop") && msg.contains("'x'"), msg);
  }

  @Test
  void combBlockMayReadItsOwnTargetsAfterTheirDefaults() {
    Comb c = m.comb("");
    c.set(out, in);
    c.when(in.bit(7), b -> b.set(out, out.addWrap(1)));
    assertDoesNotThrow(m::emit);
  }

  @Test
  void instancePortsMustAllBeConnected() {
    Module leaf = design.module("leaf", "leaf");
    Signal a = leaf.input("a_i", 8);
    leaf.assign(leaf.output("b_o", 8), a);
    m.assign(out, in);
    Instance u = m.instance("u_leaf", leaf).connect("a_i", in);
    assertThrows(HdlException.class, () -> u.connect("c_i", in));
    assertThrows(HdlException.class, () -> u.connect("b_o", in.not()), "outputs need a signal");
    String msg = emitError();
    assertTrue(msg.contains("port 'b_o' of instance 'u_leaf' is not connected"), msg);
  }

  @Test
  void signalsCannotCrossModules() {
    Module other = design.module("other", "other");
    Signal foreign = other.input("f_i", 8);
    HdlException e = assertThrows(HdlException.class, () -> m.assign(out, foreign));
    assertTrue(e.getMessage().contains("belongs to module 'other'"), e.getMessage());
  }

  @Test
  void registersNeedClockAndReset() {
    HdlException e = assertThrows(HdlException.class, () -> m.reg("count", 4, 0));
    assertTrue(e.getMessage().contains("clk_i"), e.getMessage());
    m.input("clk_i", 1);
    assertThrows(HdlException.class, () -> m.reg("count", 4, 0), "needs rst_ni");
    assertDoesNotThrow(() -> m.regNoReset("data", 4));
  }

  @Test
  void caseLabelsMustBeDistinctConstants() {
    Comb c = m.comb("");
    c.set(out, in);
    Block.Case sel = c.select(in.slice(1, 0)).is(0, b -> b.set(out, Expr.lit(8, 1)));
    assertThrows(HdlException.class, () -> sel.is(0, b -> { }));
    assertThrows(HdlException.class, () -> sel.is(in.slice(3, 2), b -> { }));
    assertThrows(WidthException.class, () -> sel.is(Expr.lit(3, 1), b -> { }));
    assertThrows(WidthException.class, () -> sel.is(4, b -> { }));
  }

  @Test
  void everyModuleMustSitUnderTheTop() {
    m.assign(out, in);
    Module stray = design.module("stray", "not instantiated");
    stray.assign(stray.output("z_o", 1), Expr.lit(1, 0));
    HdlException e = assertThrows(HdlException.class, () -> design.emit(m));
    assertTrue(e.getMessage().contains("[stray]"), e.getMessage());
  }

  @Test
  void memoryMustBeWrittenAndReadWithItsAddressWidth() {
    m.input("clk_i", 1);
    Memory mem = m.memory("row_mem", 100, 8);
    assertEquals(7, mem.addressWidth());
    WidthException w = assertThrows(WidthException.class, () -> mem.read(in));
    assertTrue(w.getMessage().contains("7-bit address"), w.getMessage());
    assertThrows(WidthException.class, () -> mem.write(in.bit(0), in.slice(6, 0), in.zext(9)));
    m.assign(out, mem.read(in.slice(6, 0)));
    String msg = emitError();
    assertTrue(msg.contains("memory 'row_mem'") && msg.contains("never written"), msg);
    mem.write(in.bit(7), in.slice(6, 0), in);
    assertThrows(HdlException.class, () -> mem.write(in.bit(7), in.slice(6, 0), in),
        "one write port");
    String text = m.emit();
    assertTrue(text.contains("  logic [7:0] row_mem [0:99];"), text);
    assertTrue(text.contains("row_mem[in_i[6:0]] <= in_i;"), text);
  }

  @Test
  void unreadMemoryIsReportedAndAMemoryNeedsAClock() {
    assertThrows(HdlException.class, () -> m.memory("row_mem", 4, 8), "no clk_i yet");
    m.input("clk_i", 1);
    Memory mem = m.memory("row_mem", 4, 8);
    mem.write(in.bit(7), in.slice(1, 0), in);
    m.assign(out, in);
    String msg = emitError();
    assertTrue(msg.contains("memory 'row_mem'") && msg.contains("never read"), msg);
  }
}
