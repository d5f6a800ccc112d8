package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Design#emitTops} (a unit library) and {@link Expr#narrow} (proven truncation). */
class LibraryEmitTest {
  private static Module leaf(Design d, String name) {
    Module m = d.module(name, name);
    m.assign(m.output("y_o", 4), m.input("x_i", 4));
    return m;
  }

  private static Module wrapper(Design d, String name, Module child) {
    Module m = d.module(name, name);
    Signal x = m.input("x_i", 4);
    Signal y = m.output("y_o", 4);
    m.instance("u_child", child).connect("x_i", x).connect("y_o", y);
    return m;
  }

  @Test
  void sharedModulesAreEmittedOnceWithAFilelistPerTop() {
    Design d = new Design("0.1.0", "abc");
    Module a = leaf(d, "unit_a");
    Module b = wrapper(d, "unit_b", a);
    Module c = wrapper(d, "unit_c", a);
    Map<String, String> files = d.emitTops(List.of(a, b, c));
    assertEquals(List.of("unit_a.sv", "unit_b.sv", "unit_c.sv", "unit_a.f", "unit_b.f",
        "unit_c.f"), List.copyOf(files.keySet()));
    assertEquals("unit_a.sv\n", files.get("unit_a.f"));
    assertEquals("unit_a.sv\nunit_b.sv\n", files.get("unit_b.f"));
    assertEquals("unit_a.sv\nunit_c.sv\n", files.get("unit_c.f"));
  }

  @Test
  void everyModuleMustSitUnderSomeTopAndTopsAreDistinct() {
    Design d = new Design("0.1.0", "abc");
    Module a = leaf(d, "unit_a");
    Module b = leaf(d, "unit_b");
    HdlException e = assertThrows(HdlException.class, () -> d.emitTops(List.of(a)));
    assertTrue(e.getMessage().contains("unit_b"), e.getMessage());
    assertThrows(HdlException.class, () -> d.emitTops(List.of(a, b, a)));
    assertThrows(HdlException.class, () -> d.emitTops(List.of()));
  }

  @Test
  void narrowKeepsProvenBitsAndRefusesAFormatTooSmallForTheRange() {
    Module m = new Design("0.1.0", "abc").module("narrowing", "narrowing");
    Signal a = m.input("a_i", 8);
    Signal b = m.input("b_i", 8);
    Expr sum = a.add(b); // 9 bits
    assertEquals(8, sum.narrow(8, 255).width());
    assertEquals(12, sum.narrow(12, 510).width());
    WidthException e = assertThrows(WidthException.class,
        () -> sum.narrow(8, BigInteger.valueOf(256)));
    assertTrue(e.getMessage().contains("would lose values up to 256"), e.getMessage());
    assertTrue(e.getMessage().contains("LibraryEmitTest.java:"), e.getMessage());
    assertEquals(8, e.expectedWidth());
    assertEquals(9, e.actualWidth());
  }
}
