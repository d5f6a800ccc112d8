package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nms.config.ConfigException;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.WidthException;
import nms.rtl.units.AffinityUnit;
import nms.rtl.units.DistanceUnit;
import nms.rtl.units.Exp2Unit;
import nms.rtl.units.UnitGenerator;
import nms.rtl.units.Units;
import nms.vectors.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Refusals at generation time: parameters out of range name the parameter, and a generator whose
 * width disagrees with the arithmetic (a dropped carry bit, a too-narrow format) is stopped by the
 * width checker instead of emitting Verilog that wraps.
 */
class UnitContractTest {
  static final NmsConfig CONFIG = NmsConfig.defaults();

  static RtlEmitter.Emitted emitWith(UnitGenerator... generators) {
    return RtlEmitter.emit(CONFIG, List.of(generators));
  }

  @ParameterizedTest
  @CsvSource({
      "adder_levels_per_stage, 0", "adder_levels_per_stage, 7", "lanes, 0", "lanes, 65",
      "pixel_width, 17", "exp_lut_bits, 0", "exp_lut_bits, 13", "t_frac_bits, 25",
      "affinity_frac_bits, 31", "beta_int_bits, 9", "max_rows_per_class, 1"})
  void outOfRangeParametersAreRefusedBeforeGenerationByName(String key, String value) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> RtlEmitter.emit(NmsConfig.defaults().with(key, value)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void lanesBeyondDimsAreRefusedByName() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> RtlEmitter.emit(NmsConfig.defaults().withAll(List.of("dims=16", "lanes=32"))));
    assertTrue(e.getMessage().contains("lanes") && e.getMessage().contains("dims"),
        e.getMessage());
  }

  @Test
  void aDroppedCarryBitInTheLaneSquareIsAWidthError() {
    UnitGenerator broken = new DistanceUnit() {
      @Override
      protected int laneTermWidth(NmsConfig c) {
        return 2 * c.pixelWidth() - 1; // (2^w - 1)^2 needs 2w bits
      }
    };
    WidthException e = assertThrows(WidthException.class, () -> emitWith(broken));
    assertTrue(e.getMessage().contains("lane_sq_0_d"), e.getMessage());
    assertEquals(2 * CONFIG.pixelWidth() - 1, e.expectedWidth());
    assertEquals(2 * CONFIG.pixelWidth(), e.actualWidth());
    assertTrue(e.location().startsWith("DistanceUnit.java:"), e.location());
  }

  @Test
  void anAccumulatorOneBitShortOfTheLargestDistanceIsAWidthError() {
    UnitGenerator broken = new DistanceUnit() {
      @Override
      protected int accumulatorWidth(Formats f) {
        return f.distWidth - 1;
      }
    };
    WidthException e = assertThrows(WidthException.class, () -> emitWith(broken));
    assertTrue(e.getMessage().contains("would lose values up to "
        + CONFIG.formats().maxDist), e.getMessage());
  }

  @Test
  void aProductRegisterMissingItsTopBitIsAWidthError() {
    UnitGenerator broken = new AffinityUnit() {
      @Override
      protected int productWidth(Formats f) {
        return f.betaLog2eWidth + f.distWidth - 1;
      }
    };
    WidthException e = assertThrows(WidthException.class,
        () -> emitWith(new Exp2Unit(), broken));
    assertTrue(e.getMessage().contains("t_product_d"), e.getMessage());
  }

  @Test
  void unitsResolveByNameAndRefuseUnknownOnes() {
    Units units = new Units(CONFIG, new Design(Version.VERSION, CONFIG.hash()),
        List.of(new AffinityUnit()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> units.get(AffinityUnit.NAME)); // affinity needs nms_exp2, which is not registered
    assertTrue(e.getMessage().contains("nms_exp2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Units(CONFIG,
        new Design(Version.VERSION, CONFIG.hash()), List.of(new Exp2Unit(), new Exp2Unit())));
  }

  @Test
  void aUnitIsBuiltOnceAndSharedByItsUsers() {
    Units units = new Units(CONFIG, new Design(Version.VERSION, CONFIG.hash()),
        List.of(new AffinityUnit(), new Exp2Unit()));
    Module affinity = units.get(AffinityUnit.NAME);
    Module exp2 = units.get(Exp2Unit.NAME);
    assertEquals(exp2, units.buildAll().get(Exp2Unit.NAME));
    assertEquals(affinity, units.buildAll().get(AffinityUnit.NAME));
  }
}
