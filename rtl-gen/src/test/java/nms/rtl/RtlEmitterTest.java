package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.RtlTwin;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Signal;
import nms.rtl.units.UnitGenerator;
import nms.rtl.units.Units;
import nms.vectors.Version;
import org.junit.jupiter.api.Test;

/** The emitted folder: files, filelists, headers, nms_config.h, summary.csv, twins and ports. */
class RtlEmitterTest {
  final NmsConfig config = NmsConfig.defaults();
  final RtlEmitter.Emitted emitted = RtlEmitter.emit(config);

  @Test
  void everyUnitHasItsFileAndAFilelistUsableAsATop() {
    assertEquals(List.of("nms_distance", "nms_exp2", "nms_affinity"),
        emitted.units().subList(0, 3));
    // Sources in emission order, children first (nms_engine instantiates nms_knn); then the
    // filelists and datasheets in unit order.
    List<String> expected = new ArrayList<>(List.of("nms_distance.sv", "nms_exp2.sv",
        "nms_affinity.sv", "nms_log2.sv", "nms_divider.sv", "nms_perplexity.sv", "nms_knn.sv",
        "nms_engine.sv", "nms_sampler.sv", "nms_joint_p.sv"));
    assertEquals(emitted.units().size(), expected.size());
    for (String u : emitted.units()) {
      expected.add(u + ".f");
    }
    for (String u : emitted.units()) {
      expected.add(u + ".md");
    }
    expected.add("nms_config.h");
    expected.add("summary.csv");
    assertEquals(expected, new ArrayList<>(emitted.files().keySet()));
    assertEquals(List.of("nms_distance.sv"), emitted.filelist("nms_distance"));
    assertEquals(List.of("nms_exp2.sv"), emitted.filelist("nms_exp2"));
    assertEquals(List.of("nms_exp2.sv", "nms_affinity.sv"), emitted.filelist("nms_affinity"));
    assertEquals(List.of("nms_exp2.sv", "nms_affinity.sv", "nms_log2.sv", "nms_divider.sv",
        "nms_perplexity.sv"), emitted.filelist("nms_perplexity"));
    // nms_engine instantiates nms_distance, nms_perplexity (which holds the rest) and nms_knn:
    // the one root, whose filelist is every module, children first. nms_sampler and
    // nms_joint_p are further roots until the engine instantiates them.
    assertEquals(List.of("nms_engine", "nms_sampler", "nms_joint_p"), emitted.roots());
    assertEquals(List.of("nms_sampler.sv"), emitted.filelist("nms_sampler"));
    assertEquals(List.of("nms_joint_p.sv"), emitted.filelist("nms_joint_p"));
    assertEquals(List.of("nms_knn.sv"), emitted.filelist("nms_knn"));
    // Children first in instantiation order: the distance instances, then per lane nms_knn and
    // nms_perplexity's tree.
    assertEquals(List.of("nms_distance.sv", "nms_knn.sv", "nms_exp2.sv", "nms_affinity.sv",
        "nms_log2.sv", "nms_divider.sv", "nms_perplexity.sv", "nms_engine.sv"),
        emitted.filelist("nms_engine"));
  }

  @Test
  void theEngineHasOneStoreAndPerLaneADistanceAnchorBufferKnnAndSearch() {
    for (int k : new int[] {1, 3, config.engineAnchors()}) {
      String sv = RtlEmitter.emit(config.with("engine_anchors", Integer.toString(k)))
          .files().get("nms_engine.sv");
      for (int a = 0; a < k; a++) {
        assertTrue(sv.contains("nms_distance u_distance_" + a + " ("), "K = " + k + ", " + a);
        assertTrue(sv.contains("anchor_mem_" + a + " ["), "K = " + k + ", " + a);
        assertTrue(sv.contains("nms_knn u_knn_" + a + " ("), "K = " + k + ", " + a);
        assertTrue(sv.contains("nms_perplexity u_perplexity_" + a + " ("), "K = " + k + ", " + a);
      }
      assertFalse(sv.contains("u_distance_" + k + " "), "K = " + k);
      assertEquals(k, sv.split("nms_perplexity u_perplexity", -1).length - 1, "K = " + k);
      assertEquals(1, sv.split("store_mem \\[", -1).length - 1, "K = " + k);
      assertFalse(sv.contains("nms_sketch u_sketch"), "sketch = none stores the images");
    }
    // With a sketch the engine reduces each image on the way in and compares sketches.
    String sv = RtlEmitter.emit(config.with("sketch", "block")).files().get("nms_engine.sv");
    assertTrue(sv.contains("nms_sketch u_sketch ("));
    assertTrue(sv.contains("nms_sketch_distance u_distance_0 ("));
  }

  @Test
  void memoryBitsPerUnitSumTheStoresAndAreZeroWithoutMemories() {
    // The engine's total is the summary's sram_bits_engine_total (store + anchors + search rows).
    assertEquals(Long.parseLong(emitted.summary().get("sram_bits_engine_total")),
        emitted.memoryBits("nms_engine"));
    assertTrue(emitted.memoryBits("nms_engine") > 1_000_000);
    assertEquals(0, emitted.memoryBits("nms_distance"));
    assertTrue(emitted.memoryBits("nms_perplexity") > 0);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> emitted.memoryBits("nms_nothing"));
  }

  @Test
  void everySourceNamesGeneratorVersionAndConfigHash() {
    for (Map.Entry<String, String> f : emitted.files().entrySet()) {
      if (f.getKey().endsWith(".sv") || f.getKey().endsWith(".h")) {
        assertTrue(f.getValue().startsWith("// Generated by nms rtl-gen " + Version.VERSION),
            f.getKey());
        assertTrue(f.getValue().contains("// Config hash: " + config.hash() + "\n"), f.getKey());
      }
    }
    RtlEmitter.Emitted other = RtlEmitter.emit(config.with("lanes", "8"));
    assertNotEquals(emitted.files().get("nms_distance.sv"), other.files().get("nms_distance.sv"));
    assertTrue(other.files().get("nms_exp2.sv").contains(config.with("lanes", "8").hash()));
  }

  @Test
  void configHeaderDefinesEveryWidth() throws Exception {
    String h = emitted.files().get("nms_config.h");
    Formats f = config.formats();
    assertTrue(h.contains("#define NMS_CONFIG_HASH "));
    assertTrue(h.contains("\"" + config.hash() + "\"\n"));
    Map<String, Long> expected = Map.ofEntries(
        Map.entry("NMS_PIXEL_WIDTH", (long) config.pixelWidth()),
        Map.entry("NMS_DIMS", (long) config.dims()),
        Map.entry("NMS_LANES", (long) config.lanes()),
        Map.entry("NMS_BEATS", (long) f.beats),
        Map.entry("NMS_DIST_WIDTH", (long) f.distWidth),
        Map.entry("NMS_BETA_WIDTH", (long) f.betaWidth),
        Map.entry("NMS_BETA_FRAC_BITS", (long) f.betaFracBits),
        Map.entry("NMS_T_WIDTH", (long) f.tWidth),
        Map.entry("NMS_AFFINITY_WIDTH", (long) f.affinityWidth),
        Map.entry("NMS_SUM_A_WIDTH", (long) f.sumAWidth),
        Map.entry("NMS_SUM_TA_WIDTH", (long) f.sumTaWidth),
        Map.entry("NMS_LOG2_WIDTH", (long) f.log2Width),
        Map.entry("NMS_DIVIDEND_WIDTH", (long) f.dividendWidth),
        Map.entry("NMS_QUOTIENT_WIDTH", (long) f.quotientWidth),
        Map.entry("NMS_ENTROPY_WIDTH", (long) f.entropyWidth),
        Map.entry("NMS_ITERATION_WIDTH", (long) f.iterationWidth),
        Map.entry("NMS_ROW_INDEX_WIDTH", (long) f.rowIndexWidth),
        Map.entry("NMS_MAX_ROWS_PER_CLASS", (long) config.maxRowsPerClass()),
        Map.entry("NMS_SEARCH_ITERATIONS", (long) config.searchIterations()),
        Map.entry("NMS_LOG2E", f.log2e),
        Map.entry("NMS_T_SAT", f.tSat));
    Map<String, String> defs = ConfigHeader.defines(config);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      String v = defs.get(e.getKey());
      assertTrue(v != null, e.getKey() + " missing from " + defs.keySet());
      assertEquals(e.getValue(), Long.parseLong(v.replace("ULL", "")), e.getKey());
      assertTrue(h.contains("#define " + e.getKey() + " "), e.getKey());
    }
    for (Field field : Formats.class.getFields()) {
      if (field.getType() == int.class || field.getType() == long.class) {
        assertTrue(defs.containsKey(ConfigHeader.macro(field.getName())),
            "Formats." + field.getName() + " has no #define");
      }
    }
    assertEquals("NMS_BETA_LOG2E_WIDTH", ConfigHeader.macro("betaLog2eWidth"));
    assertEquals("NMS_LOG2E_FRAC", ConfigHeader.macro("LOG2E_FRAC"));
    assertEquals("NMS_SUM_TA_WIDTH", ConfigHeader.macro("sumTaWidth"));
    assertEquals("NMS_SUM_A_WIDTH", ConfigHeader.macro("sumAWidth"));
    assertEquals("NMS_T_SAT", ConfigHeader.macro("tSat"));
  }

  @Test
  void summaryCountsModulesAndLines() {
    long lines = 0;
    int modules = 0;
    for (Map.Entry<String, String> f : emitted.files().entrySet()) {
      if (f.getKey().endsWith(".sv")) {
        modules++;
        lines += f.getValue().lines().count();
      }
    }
    // The engine's memories (spec 10.3): the store holds max_rows_per_class rows of
    // sketch_beats words (the image's 196 beats of 32 bits at sketch = none), each lane an
    // anchor buffer of one row and a search row memory.
    nms.config.Formats f = config.formats();
    long store = (long) config.maxRowsPerClass() * f.sketchBeats * f.storeWordWidth;
    assertEquals(1024L * 196 * 32, store);
    long anchors = (long) f.engineAnchors * f.sketchBeats * f.storeWordWidth;
    String csv = emitted.files().get("summary.csv");
    assertTrue(csv.startsWith("metric,value\nmodules," + modules + "\nlines," + lines
        + "\nconfig_hash," + config.hash() + "\n"), csv);
    assertTrue(csv.contains("\nsram_bits_store_mem," + store + "\n"), csv);
    assertTrue(csv.contains("\nsram_bits_anchor_mem," + anchors + "\n"), csv);
    long total = 0;
    for (String line : csv.split("\n")) {
      if (line.startsWith("sram_bits_") && !line.startsWith("sram_bits_engine_total")
          && !line.startsWith("sram_bits_joint_p_")) {
        total += Long.parseLong(line.split(",")[1]);
      }
    }
    assertTrue(total > store + anchors, "the lanes' search row memories count too: " + csv);
    assertTrue(csv.contains("\nsram_bits_engine_total," + total + "\n"), csv);
    // The joint P store (not in the engine yet): one word of k (index, p) pairs and a count per row.
    long jointStore = (long) config.maxRowsPerClass()
        * (f.knnK * (f.knnIndexWidth + f.pCondWidth) + f.knnCountWidth);
    assertTrue(csv.endsWith("\nsram_bits_joint_p_store_mem," + jointStore + "\n"), csv);
  }

  @Test
  void everyUnitIsNamedAfterItsGoldenTwinAndHasTheSpecPorts() {
    Map<String, List<String>> ports = Map.of(
        "nms_distance", List.of("clk_i", "rst_ni", "in_valid_i", "in_ready_o", "in_first_i",
            "in_last_i", "a_i", "b_i", "out_valid_o", "out_ready_i", "dist_o"),
        "nms_exp2", List.of("clk_i", "rst_ni", "in_valid_i", "in_ready_o", "t_i", "out_valid_o",
            "out_ready_i", "a_o"),
        "nms_affinity", List.of("clk_i", "rst_ni", "in_valid_i", "in_ready_o", "first_i",
            "last_i", "beta_i", "dmin_i", "dist_i", "out_valid_o", "out_ready_i", "last_o", "t_o",
            "a_o", "sum_a_o", "sum_ta_o"),
        "nms_engine", List.of("clk_i", "rst_ni", "cfg_valid_i", "cfg_addr_i", "cfg_wdata_i",
            "busy_o", "done_o", "dram_req_valid_o", "dram_req_ready_i", "dram_req_addr_o",
            "dram_req_len_o", "dram_rsp_valid_i", "dram_rsp_ready_o", "dram_rsp_data_i",
            "dram_rsp_last_i", "host_valid_o", "host_ready_i", "host_data_o"));
    // With a sketch, so that every registered unit (nms_sketch included) is built.
    NmsConfig all = config.with("sketch", "block");
    Design design = new Design(Version.VERSION, all.hash());
    Map<String, Module> modules = new Units(all, design, RtlEmitter.UNITS).buildAll();
    assertEquals(RtlEmitter.UNITS.size(), modules.size());
    for (UnitGenerator g : RtlEmitter.UNITS) {
      RtlTwin twin = g.twin().getAnnotation(RtlTwin.class);
      assertEquals(g.name(), twin == null ? null : twin.value(), g.twin().getName());
      Module m = modules.get(g.name());
      assertEquals(g.name(), m.name());
      List<String> names = new ArrayList<>();
      for (Signal s : m.ports()) {
        names.add(s.name());
      }
      if (ports.containsKey(g.name())) {
        assertEquals(ports.get(g.name()), names, g.name());
      }
      // Every datapath unit speaks valid/ready on in_*/out_* (spec section 9); the engine, the
      // top level, on its DRAM and host channels (section 10, checked above).
      if (!g.name().equals("nms_engine")) {
        assertTrue(names.containsAll(List.of("clk_i", "rst_ni", "in_valid_i", "in_ready_o",
            "out_valid_o", "out_ready_i")), g.name() + " " + names);
      }
    }
    Formats f = config.formats();
    Map<String, Integer> widths = Map.of("dist_o", f.distWidth, "a_i", config.lanes()
        * config.pixelWidth(), "t_i", f.tWidth, "beta_i", f.betaWidth, "sum_ta_o", f.sumTaWidth,
        "dram_rsp_data_i", config.lanes() * config.pixelWidth(), "dram_req_addr_o", 32,
        "host_data_o", f.rowIndexWidth + f.betaWidth + f.entropyWidth + 1,
        "pixels_i", config.lanes() * config.pixelWidth(), "sketch_o", all.formats().sketchBits);
    for (Module m : modules.values()) {
      for (Signal s : m.ports()) {
        if (widths.containsKey(s.name())) {
          assertEquals((int) widths.get(s.name()), s.width(), m.name() + "." + s.name());
        }
      }
    }
  }
}
