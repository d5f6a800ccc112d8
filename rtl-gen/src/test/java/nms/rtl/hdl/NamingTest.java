package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lowRISC names are enforced when declared, with a message saying which rule was broken. */
class NamingTest {
  private final Design design = new Design("0.1.0", "abc");

  @ParameterizedTest
  @ValueSource(strings = {"Counter", "2cnt", "cnt__x", "cnt_", "_cnt", "cnt-x", "module", ""})
  void moduleNamesMustBeLowerSnakeCaseAndNotKeywords(String name) {
    HdlException e = assertThrows(HdlException.class, () -> design.module(name, "x"));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
  }

  /** SystemVerilog-2005/2017 keywords the tools reject as names ("within" was once emitted). */
  @ParameterizedTest
  @ValueSource(strings = {"within", "dist", "inside", "let", "until", "with", "table", "sequence"})
  void wireNamesMustNotBeAnySystemVerilogKeyword(String name) {
    Module m = design.module("kw_" + Math.abs(name.hashCode()), "x");
    HdlException e = assertThrows(HdlException.class, () -> m.wire(name, 1));
    assertTrue(e.getMessage().contains("keyword"), e.getMessage());
  }

  @Test
  void aRegisterBaseNameMayBeAKeywordSinceOnlyItsQAndDAreEmitted() {
    Module m = design.module("kw_reg", "x");
    m.input("clk_i", 1);
    Reg r = m.regNoReset("dist", 4);
    assertTrue(r.q().name().equals("dist_q") && r.d().name().equals("dist_d"));
  }

  @Test
  void validNamesAreAccepted() {
    Module m = design.module("nms_distance", "distance unit");
    assertDoesNotThrow(() -> m.input("clk_i", 1));
    assertDoesNotThrow(() -> m.input("rst_ni", 1));
    assertDoesNotThrow(() -> m.output("sum_o", 4));
    assertDoesNotThrow(() -> m.output("busy_no", 1));
    assertDoesNotThrow(() -> m.wire("lane0_diff", 4));
    assertDoesNotThrow(() -> m.reg("count", 4, 0));
    assertDoesNotThrow(() -> m.constant("NumLanes", 4, 4));
  }

  @Test
  void portSuffixesAreEnforced() {
    Module m = design.module("ports", "ports");
    HdlException in = assertThrows(HdlException.class, () -> m.input("data", 8));
    assertTrue(in.getMessage().contains("must end in _i"), in.getMessage());
    HdlException out = assertThrows(HdlException.class, () -> m.output("data_i", 8));
    assertTrue(out.getMessage().contains("must end in _o"), out.getMessage());
    assertThrows(HdlException.class, () -> m.input("Data_i", 8));
  }

  @Test
  void wiresAndRegistersCannotTakeReservedSuffixes() {
    Module m = design.module("internals", "internals");
    for (String bad : new String[] {"x_q", "x_d", "x_i", "x_o", "x_ni", "x_no"}) {
      HdlException e = assertThrows(HdlException.class, () -> m.wire(bad, 1), bad);
      assertTrue(e.getMessage().contains("must not end in"), e.getMessage());
    }
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    HdlException e = assertThrows(HdlException.class, () -> m.reg("count_q", 4, 0));
    assertTrue(e.getMessage().contains("_q/_d added"), e.getMessage());
    assertThrows(HdlException.class, () -> m.wire("unused_bits", 1));
    assertThrows(HdlException.class, () -> m.wire("wire", 1));
  }

  @Test
  void instancesConstantsAndDuplicates() {
    Module child = design.module("leaf", "leaf");
    Module m = design.module("parent", "parent");
    assertThrows(HdlException.class, () -> m.instance("leaf0", child));
    assertThrows(HdlException.class, () -> m.constant("num_lanes", 4, 4));
    m.wire("x", 1);
    HdlException dup = assertThrows(HdlException.class, () -> m.wire("x", 2));
    assertTrue(dup.getMessage().contains("already declared"), dup.getMessage());
    assertThrows(HdlException.class, () -> design.module("leaf", "again"));
    assertThrows(HdlException.class, () -> design.module("ok_name", "two\nlines"));
  }
}
