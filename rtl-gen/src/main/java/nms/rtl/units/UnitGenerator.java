package nms.rtl.units;

import nms.rtl.hdl.Module;

/**
 * Builds one RTL unit, the twin of a golden-model class: the module is named exactly as the
 * twin's {@code @RtlTwin} annotation, computes the same integers (docs/ARITHMETIC.md) and has the
 * ports of the spec's section 9. Every width comes from {@code units.formats()}, every ROM from the
 * golden model.
 *
 * <p>A generator adds its module to {@code units.design()} and gets the units it instantiates from
 * {@link Units#get}, which builds each one once. Register a new generator in
 * {@code nms.rtl.RtlEmitter#UNITS}; the emitter, the filelists, the lint/synthesis sweep and the
 * determinism test then pick it up.
 *
 * <p>Each unit also gets a datasheet {@code <unit>.md} ({@code nms.rtl.Datasheet}): ports, widths,
 * reset values and combinational paths come from the built module; {@link #sheet} adds what the
 * structure cannot show (meanings, formats, timing formulas, framing, out-of-range inputs).
 */
public interface UnitGenerator {
  /** The Verilog module name, equal to the twin's {@code @RtlTwin} value. */
  String name();

  /** The golden-model class annotated {@code @RtlTwin(name())}. */
  Class<?> twin();

  /**
   * Whether the unit exists in {@code config} (the sketch only when {@code sketch != none}).
   * {@link Units} drops a generator that does not apply, so a configuration's unit list, files
   * and sweeps hold only its own units.
   */
  default boolean appliesTo(nms.config.NmsConfig config) {
    return true;
  }

  /** Builds the module into {@code units.design()} and returns it. Called once per design. */
  Module build(Units units);

  /**
   * The datasheet facts of the module {@link #build} made (every value from {@code
   * units.config()}). The default states nothing; the datasheet then marks every port "not
   * described" and {@code DatasheetTest} fails until the unit overrides this.
   */
  default UnitSheet sheet(Units units, Module built) {
    return new UnitSheet();
  }
}
