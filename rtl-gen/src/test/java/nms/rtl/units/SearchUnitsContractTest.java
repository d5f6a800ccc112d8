package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.RtlTwin;
import nms.rtl.RtlEmitter;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.WidthException;
import nms.vectors.Version;
import org.junit.jupiter.api.Test;

/**
 * Generation-time contracts of nms_log2, nms_divider and nms_perplexity: a width in the generator
 * that disagrees with the arithmetic is stopped by the builder's width checker (naming the signal
 * and both widths) instead of emitting Verilog that wraps; module names are the golden twins'
 * {@code @RtlTwin}; only the configured search variant is generated.
 */
class SearchUnitsContractTest {
  static final NmsConfig CONFIG = NmsConfig.defaults();

  /** Builds {@code name} with {@code replacement} swapped into the registered unit list. */
  static Module build(NmsConfig cfg, String name, UnitGenerator replacement) {
    List<UnitGenerator> gens = new ArrayList<>();
    for (UnitGenerator g : RtlEmitter.UNITS) {
      gens.add(replacement != null && g.name().equals(replacement.name()) ? replacement : g);
    }
    Design design = new Design(Version.VERSION, cfg.hash());
    Module m = new Units(cfg, design, gens).get(name);
    design.emit(m); // the emit-time checks too
    return m;
  }

  @Test
  void aLog2ResultRegisterOneBitShortIsAWidthError() {
    UnitGenerator broken = new Log2Unit() {
      @Override
      protected int resultWidth(Formats f) {
        return f.log2Width - 1;
      }
    };
    WidthException e = assertThrows(WidthException.class,
        () -> build(CONFIG, Log2Unit.NAME, broken));
    Formats f = CONFIG.formats();
    long maxLog2 = (long) (f.sumAWidth - CONFIG.affinityFracBits()) << CONFIG.entropyFracBits();
    assertTrue(e.getMessage().contains("would lose values up to " + maxLog2), e.getMessage());
    assertEquals(f.log2Width - 1, e.expectedWidth());
    assertEquals(f.log2Width, e.actualWidth());
    assertTrue(e.location().startsWith("Log2Unit.java:"), e.location());
  }

  @Test
  void aDividerRemainderOneBitShortIsAWidthError() {
    UnitGenerator broken = new DividerUnit() {
      @Override
      protected int remainderWidth(Formats f) {
        return f.sumAWidth - 1;
      }
    };
    WidthException e = assertThrows(WidthException.class,
        () -> build(CONFIG, DividerUnit.NAME, broken));
    assertTrue(e.getMessage().contains("rem_q"), e.getMessage());
    assertTrue(e.location().startsWith("DividerUnit.java:"), e.location());
  }

  @Test
  void aRowSumRegisterOneBitShortIsAWidthErrorNamingIt() {
    UnitGenerator broken = new PerplexityUnit() {
      @Override
      protected int sumAWidth(Formats f) {
        return f.sumAWidth - 1;
      }
    };
    WidthException e = assertThrows(WidthException.class,
        () -> build(CONFIG, PerplexityUnit.NAME, broken));
    assertTrue(e.getMessage().contains("sum_a_d"), e.getMessage());
    assertEquals(CONFIG.formats().sumAWidth - 1, e.expectedWidth());
    assertEquals(CONFIG.formats().sumAWidth, e.actualWidth());
    assertTrue(e.location().startsWith("PerplexityUnit.java:"), e.location());
  }

  @Test
  void everyRegisteredUnitIsNamedAfterItsGoldenTwin() {
    for (UnitGenerator g : RtlEmitter.UNITS) {
      RtlTwin twin = g.twin().getAnnotation(RtlTwin.class);
      assertTrue(twin != null, g.twin() + " has no @RtlTwin");
      assertEquals(twin.value(), g.name());
      NmsConfig cfg = g.appliesTo(CONFIG) ? CONFIG : CONFIG.with("sketch", "block");
      assertEquals(g.name(), build(cfg, g.name(), null).name());
    }
  }

  @Test
  void onlyTheConfiguredSearchVariantIsGenerated() {
    String plain = build(CONFIG.with("search", "plain"), PerplexityUnit.NAME, null).emit();
    String robust = build(CONFIG.with("search", "robust"), PerplexityUnit.NAME, null).emit();
    assertFalse(plain.contains("best_"), "plain keeps no best evaluation");
    assertTrue(robust.contains("best_beta_q") && robust.contains("best_err_q"));
    assertTrue(robust.contains("(beta_next == beta_q)"), "robust stops on a collapsed bracket");
    assertFalse(plain.contains("(beta_next == beta_q)"));
  }

  @Test
  void noWidthOrTableIsTypedByHand() {
    // A different configuration changes every width the units declare and every ROM word.
    NmsConfig other = CONFIG.withAll(List.of("affinity_frac_bits=16", "entropy_frac_bits=20",
        "log_lut_bits=8", "max_rows_per_class=256"));
    Formats f = other.formats();
    String log2 = build(other, Log2Unit.NAME, null).emit();
    assertTrue(log2.contains("input  logic [" + (f.sumAWidth - 1) + ":0] s_i"), log2);
    assertTrue(log2.contains("output logic [" + (f.log2Width - 1) + ":0] log2_o"), log2);
    assertTrue(log2.contains(": " + (1 << other.logLutBits()) + " x "), "ROM depth");
    String ppl = build(other, PerplexityUnit.NAME, null).emit();
    assertTrue(ppl.contains("row_mem [0:" + (other.maxRowsPerClass() - 1) + "]"), "row_mem");
    assertTrue(ppl.contains("Target = " + f.entropyWidth + "'d" + f.targetEntropy + ";"), ppl);
  }
}
