package nms.rtl.units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;

/**
 * The units of one configuration under construction: the shared {@link Design} plus each
 * generator's module, built on first request so that a unit instantiating another (affinity uses
 * exp2) gets the very same module the library emits.
 */
public final class Units {
  private final NmsConfig config;
  private final Design design;
  private final Map<String, UnitGenerator> generators = new LinkedHashMap<>();
  private final Map<String, Module> built = new LinkedHashMap<>();
  private final Set<String> building = new LinkedHashSet<>();

  public Units(NmsConfig config, Design design, List<UnitGenerator> generators) {
    this.config = config;
    this.design = design;
    for (UnitGenerator g : generators) {
      if (!g.appliesTo(config)) {
        continue;
      }
      if (this.generators.put(g.name(), g) != null) {
        throw new IllegalArgumentException("two unit generators are named " + g.name());
      }
    }
  }

  public NmsConfig config() {
    return config;
  }

  public Formats formats() {
    return config.formats();
  }

  public Design design() {
    return design;
  }

  /** The module of unit {@code name}, building it (and what it instantiates) on first request. */
  public Module get(String name) {
    Module m = built.get(name);
    if (m != null) {
      return m;
    }
    UnitGenerator g = generators.get(name);
    if (g == null) {
      throw new IllegalArgumentException(
          "no unit generator named " + name + " (known: " + generators.keySet() + ")");
    }
    if (!building.add(name)) {
      throw new IllegalStateException("units instantiate each other in a cycle: " + building);
    }
    m = g.build(this);
    building.remove(name);
    if (!m.name().equals(name)) {
      throw new IllegalStateException(
          "generator " + g.getClass().getSimpleName() + " built '" + m.name() + "', not '" + name
              + "'");
    }
    built.put(name, m);
    return m;
  }

  /** The generator registered as {@code name}. */
  public UnitGenerator generator(String name) {
    UnitGenerator g = generators.get(name);
    if (g == null) {
      throw new IllegalArgumentException(
          "no unit generator named " + name + " (known: " + generators.keySet() + ")");
    }
    return g;
  }

  /** Builds every registered unit, in registration order, and returns name to module. */
  public Map<String, Module> buildAll() {
    for (String name : new ArrayList<>(generators.keySet())) {
      get(name);
    }
    Map<String, Module> result = new LinkedHashMap<>();
    for (String name : generators.keySet()) {
      result.put(name, built.get(name));
    }
    return result;
  }
}
