package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nms.config.NmsConfig;
import nms.rtl.RtlEmitter;
import nms.rtl.hdl.Eda;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LRT units: emitted only with lrt = true (the default set unchanged), and at the corners of
 * their configuration lint-clean under verilator -Wall with no waivers, clean in Icarus, and
 * (small shapes) synthesised by Yosys without a warning.
 */
class LrtUnitsLintTest {
  @TempDir Path tmp;

  @Test
  void lrtUnitsAreEmittedOnlyWithLrtAndLeaveTheDefaultSetAlone() {
    NmsConfig d = NmsConfig.defaults();
    RtlEmitter.Emitted plain = RtlEmitter.emit(d);
    assertFalse(plain.units().contains("nms_lrt_project"), plain.units().toString());
    assertFalse(plain.files().get("nms_config.h").contains("LRT"), "no LRT macro without lrt");
    RtlEmitter.Emitted lrt = RtlEmitter.emit(d.with("lrt", "true"));
    List<String> want = new ArrayList<>(plain.units());
    want.add("nms_lrt_project");
    want.add("nms_lrt_write");
    want.add("nms_lrt_rotate");
    assertEquals(want, lrt.units());
    assertTrue(lrt.files().get("nms_config.h").contains("NMS_LRT_DOT_WIDTH"), "LRT widths for the benches");
    assertTrue(lrt.files().get("nms_lrt_project.sv").contains("ASSERTION FAILED"), "assertions emitted");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "lrt_n=9,lrt_m=16|yosys",
    "lrt_n=5,lrt_m=3,lrt_lanes=1,lrt_rank=1,lrt_input_width=2,lrt_basis_width=6,lrt_weight_bits=2,lrt_lr_shift=0|yosys",
    "lrt_n=70,lrt_m=33,lrt_lanes=8,lrt_rank=8,lrt_input_width=16,lrt_basis_width=24,lrt_weight_bits=16,lrt_kappa=3|",
    "lrt_n=400,lrt_m=64|",
  })
  void cornersLintAndSynthesiseCleanly(String spec) throws Exception {
    String[] parts = spec.split("\\|", -1);
    List<String> sets = new ArrayList<>(List.of("lrt=true"));
    sets.addAll(List.of(parts[0].split(",")));
    RtlEmitter.Emitted e = RtlEmitter.emit(NmsConfig.defaults().withAll(sets));
    Path dir = tmp.resolve("rtl");
    e.writeTo(dir);
    // nms_lrt_rotate exists only where the SVD formats hold (the 24-bit corner has none)
    assertEquals(!parts[0].contains("lrt_basis_width=24"), e.units().contains("nms_lrt_rotate"), spec);
    List<String> lrtUnits = e.units().stream().filter(u -> u.startsWith("nms_lrt_")).toList();
    assertTrue(lrtUnits.containsAll(List.of("nms_lrt_project", "nms_lrt_write")), lrtUnits.toString());
    for (String unit : lrtUnits) {
      assertEquals("", Eda.run(dir, List.of("verilator", "--lint-only", "-Wall", "--top-module", unit,
          "-F", unit + ".f")), unit + ": verilator -Wall must print nothing");
      assertEquals("", Eda.run(dir, List.of("iverilog", "-g2012", "-o", "/dev/null", "-s", unit, "-c",
          unit + ".f")), unit + ": iverilog must print nothing");
      // the rotate unit's generic synthesis takes minutes at 4 lanes: its tiny corner only here
      if (parts[1].equals("yosys") && (!unit.equals("nms_lrt_rotate") || parts[0].contains("lrt_lanes=1"))) {
        assertEquals("", Eda.run(dir, List.of("yosys", "-q", "-p", "read_verilog -sv "
            + String.join(" ", e.filelist(unit)) + "; synth -top " + unit)), unit + ": yosys -q");
      }
    }
  }
}
