package nms.rtl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nms.config.NmsConfig;
import nms.io.Summary;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.rtl.units.AffinityUnit;
import nms.rtl.units.DistanceUnit;
import nms.rtl.units.DividerUnit;
import nms.rtl.units.JointPUnit;
import nms.rtl.units.EngineUnit;
import nms.rtl.units.Exp2Unit;
import nms.rtl.units.KnnUnit;
import nms.rtl.units.Log2Unit;
import nms.rtl.units.PerplexityUnit;
import nms.rtl.units.SamplerUnit;
import nms.rtl.units.SketchUnit;
import nms.rtl.units.UnitGenerator;
import nms.rtl.units.Units;
import nms.rtl.units.lrt.LrtProjectUnit;
import nms.rtl.units.lrt.LrtRotateUnit;
import nms.rtl.units.lrt.LrtWriteUnit;
import nms.vectors.Version;

/**
 * Emits every RTL unit of one configuration into one folder: a {@code .sv} per module, a filelist
 * {@code <unit>.f} per unit (each unit is usable as a top on its own; the list names its files
 * children first, relative to the folder), a datasheet {@code <unit>.md} per unit ({@link
 * Datasheet}), {@code nms_config.h} for the C++ testbenches and
 * {@code summary.csv}. Everything is built and checked in memory before a byte is written, and
 * the same configuration gives the same bytes.
 */
public final class RtlEmitter {
  /**
   * The unit generators, in emission order. This list is the extension point: a new unit joins
   * the emitter, the CLI, the filelists and the lint/synthesis sweep with one line here. A unit
   * whose {@code appliesTo} is false for a configuration (the sketch at sketch = none) is left
   * out of that configuration's output.
   */
  public static final List<UnitGenerator> UNITS = List.of(
      new DistanceUnit(),
      new Exp2Unit(),
      new AffinityUnit(),
      new Log2Unit(),
      new DividerUnit(),
      new PerplexityUnit(),
      new EngineUnit(),
      new KnnUnit(),
      new SketchUnit(),
      new SamplerUnit(),
      new JointPUnit());

  /** The LRT units, emitted after {@link #UNITS} when the configuration sets {@code lrt = true}. */
  public static final List<UnitGenerator> LRT_UNITS = List.of(
      new LrtProjectUnit(),
      new LrtWriteUnit(),
      new LrtRotateUnit());

  private RtlEmitter() {}

  /** The units of {@code config}: {@link #UNITS}, plus {@link #LRT_UNITS} when it sets lrt. */
  public static List<UnitGenerator> unitsFor(NmsConfig config) {
    if (!config.lrt()) {
      return UNITS;
    }
    List<UnitGenerator> all = new ArrayList<>(UNITS);
    all.addAll(LRT_UNITS);
    return List.copyOf(all);
  }

  public static Emitted emit(NmsConfig config) {
    return emit(config, unitsFor(config));
  }

  public static Emitted emit(NmsConfig config, List<UnitGenerator> generators) {
    return emit(config, generators, false);
  }

  /**
   * Every unit plus its FPGA synthesis/timing wrapper {@code <unit>_fpga_top} ({@link FpgaTop}),
   * each wrapper with its own filelist {@code <unit>_fpga_top.f}.
   */
  public static Emitted emitWithFpgaTops(NmsConfig config) {
    return emit(config, unitsFor(config), true);
  }

  public static Emitted emit(NmsConfig config, List<UnitGenerator> generators, boolean fpgaTops) {
    Design design = new Design(Version.VERSION, config.hash());
    Units units = new Units(config, design, generators);
    Map<String, Module> modules = units.buildAll();
    List<Module> tops = new ArrayList<>(modules.values());
    List<String> wrappers = new ArrayList<>();
    if (fpgaTops) {
      for (Module unit : modules.values()) {
        Module w = FpgaTop.build(design, unit);
        tops.add(w);
        wrappers.add(w.name());
      }
    }
    Map<String, String> files = new LinkedHashMap<>();
    if (!tops.isEmpty()) {
      files.putAll(design.emitTops(tops));
    }
    int moduleCount = 0;
    long lines = 0;
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getKey().endsWith(".sv")) {
        moduleCount++;
        lines += f.getValue().chars().filter(ch -> ch == '\n').count();
      }
    }
    for (Map.Entry<String, Module> u : modules.entrySet()) {
      UnitGenerator g = units.generator(u.getKey());
      files.put(u.getKey() + ".md",
          Datasheet.text(config, g, u.getValue(), g.sheet(units, u.getValue())));
    }
    files.put("nms_config.h", ConfigHeader.text(config));
    Summary summary = new Summary()
        .put("modules", moduleCount)
        .put("lines", lines)
        .put("config_hash", config.hash());
    // On-chip memory of the near-memory engine per store (spec 10.3), when it is emitted.
    Module engine = modules.get(nms.rtl.units.EngineUnit.NAME);
    if (engine != null) {
      long total = 0;
      for (Map.Entry<String, Long> e : engine.memoryBits().entrySet()) {
        summary.put("sram_bits_" + e.getKey(), e.getValue());
        total += e.getValue();
      }
      summary.put("sram_bits_engine_total", total);
    }
    // The joint P store is not wired into the engine yet, so it stays out of the engine total.
    Module jointP = modules.get(JointPUnit.NAME);
    if (jointP != null) {
      for (Map.Entry<String, Long> e : jointP.memoryBits().entrySet()) {
        summary.put("sram_bits_joint_p_" + e.getKey(), e.getValue());
      }
    }
    files.put("summary.csv", summary.toCsv());
    Map<String, Long> memoryBits = new LinkedHashMap<>();
    for (Map.Entry<String, Module> u : modules.entrySet()) {
      memoryBits.put(u.getKey(),
          u.getValue().memoryBits().values().stream().mapToLong(Long::longValue).sum());
    }
    return new Emitted(config, List.copyOf(modules.keySet()), List.copyOf(wrappers), files,
        summary, memoryBits);
  }

  /** The emitted files of one configuration, in memory. */
  public static final class Emitted {
    private final NmsConfig config;
    private final List<String> units;
    private final List<String> fpgaTops;
    private final Map<String, String> files;
    private final Summary summary;
    private final Map<String, Long> memoryBits;

    Emitted(NmsConfig config, List<String> units, List<String> fpgaTops,
        Map<String, String> files, Summary summary, Map<String, Long> memoryBits) {
      this.config = config;
      this.units = units;
      this.fpgaTops = fpgaTops;
      this.files = files;
      this.summary = summary;
      this.memoryBits = memoryBits;
    }

    /**
     * On-chip memory bits of {@code unit} and everything it instantiates ({@link
     * Module#memoryBits}, all memories summed).
     */
    public long memoryBits(String unit) {
      Long bits = memoryBits.get(unit);
      if (bits == null) {
        throw new IllegalArgumentException("no unit " + unit + " (units: " + units + ")");
      }
      return bits;
    }

    public NmsConfig config() {
      return config;
    }

    /** Unit (top module) names in emission order; each has a filelist {@code <unit>.f}. */
    public List<String> units() {
      return units;
    }

    /**
     * The FPGA wrappers {@code <unit>_fpga_top}, one per unit in unit order, each with a
     * filelist; empty unless emitted by {@link RtlEmitter#emitWithFpgaTops}.
     */
    public List<String> fpgaTops() {
      return fpgaTops;
    }

    /** File name to content, in the order they are written. */
    public Map<String, String> files() {
      return java.util.Collections.unmodifiableMap(files);
    }

    public Summary summary() {
      return summary;
    }

    /** The {@code .sv} files of {@code unit}'s (or a wrapper's) filelist, children first. */
    public List<String> filelist(String unit) {
      String f = files.get(unit + ".f");
      if (f == null) {
        throw new IllegalArgumentException("no unit " + unit + " (units: " + units
            + (fpgaTops.isEmpty() ? "" : ", wrappers: " + fpgaTops) + ")");
      }
      return List.of(f.split("\n"));
    }

    /**
     * The units no other unit instantiates: synthesising these covers every module, so a
     * synthesis sweep needs only them.
     */
    public List<String> roots() {
      List<String> roots = new ArrayList<>();
      for (String u : units) {
        boolean inside = false;
        for (String other : units) {
          if (!other.equals(u) && filelist(other).contains(u + ".sv")) {
            inside = true;
          }
        }
        if (!inside) {
          roots.add(u);
        }
      }
      return roots;
    }

    /** Writes every file into {@code dir} (created if missing), replacing files of equal name. */
    public void writeTo(Path dir) throws IOException {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.write(dir.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
