package nms.rtl.units;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nms.config.NmsConfig;
import nms.rtl.RtlEmitter;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.vectors.Version;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nms_log2, nms_divider and nms_perplexity (with the units it instantiates) pass Verilator -Wall
 * silently (no waivers), Icarus and Yosys, over configurations that exercise their width corner
 * cases and both search variants.
 */
class UnitToolFlowTest {
  @TempDir Path tmp;

  static final List<List<String>> CONFIGS = List.of(
      List.of(),
      List.of("max_rows_per_class=4", "perplexity=2"),
      List.of("max_rows_per_class=2", "perplexity=1"),
      List.of("log_interp_bits=0", "log_lut_bits=7", "max_rows_per_class=100",
          "search_tolerance=0.001"),
      List.of("affinity_frac_bits=8", "entropy_frac_bits=16", "t_frac_bits=10",
          "exp_lut_bits=6", "log_lut_bits=6", "log_interp_bits=4", "max_rows_per_class=300",
          "search_tolerance=0.001"),
      List.of("entropy_frac_bits=16", "t_frac_bits=16", "max_rows_per_class=65536"));

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int i = 0; i < CONFIGS.size(); i++) {
      b.add(Arguments.of(Log2Unit.NAME, i, "robust"));
      b.add(Arguments.of(DividerUnit.NAME, i, "robust"));
      // The row buffer is max_rows_per_class words: generic synthesis maps it to flip-flops,
      // so the 65536-row configuration is left to the block-RAM flow.
      if (i < CONFIGS.size() - 1) {
        b.add(Arguments.of(PerplexityUnit.NAME, i, i % 2 == 0 ? "robust" : "plain"));
      }
    }
    b.add(Arguments.of(PerplexityUnit.NAME, 0, "plain"));
    return b.build();
  }

  @ParameterizedTest(name = "{0} config {1} {2}")
  @MethodSource("cases")
  void lintsSimulatesAndSynthesises(String unit, int config, String search) throws Exception {
    List<String> settings = new java.util.ArrayList<>(CONFIGS.get(config));
    settings.add("search=" + search);
    NmsConfig cfg = NmsConfig.defaults().withAll(settings);
    Design design = new Design(Version.VERSION, cfg.hash());
    Module top = new Units(cfg, design, RtlEmitter.UNITS).get(unit);
    Path dir = tmp.resolve(unit + "_" + config + "_" + search);
    Eda.lintSimSynth(dir, top.name(), Eda.write(design, top, dir));
  }
}
