package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.golden.NmsAffinity;
import nms.golden.NmsDistance;
import nms.golden.NmsDivider;
import nms.golden.NmsExp2;
import nms.golden.NmsKnn;
import nms.golden.NmsLog2;
import nms.golden.NmsPerplexity;
import nms.golden.NmsSketch;
import nms.rtl.hdl.Eda;
import nms.vectors.Version;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every datasheet figure against the emitted RTL and a simulation: the port table against the
 * {@code .sv} header (names, order, directions, widths); the outputs during reset, and that
 * nothing is taken while {@code rst_ni} is low, in Icarus; the latency and initiation interval of
 * every stream unit, and each out-of-range behaviour the sheet states, by a bench built from the
 * sheet's own port table. Icarus, on a small configuration, keeps it to seconds.
 */
class DatasheetTest {
  /** Small widths, dims not a multiple of lanes (pad lanes), two anchors, a projection sketch. */
  static final String SMALL = "pixel_width=4,dims=22,lanes=4,metric=l1,max_rows_per_class=20,"
      + "perplexity=4,affinity_frac_bits=12,t_frac_bits=10,entropy_frac_bits=16,exp_lut_bits=5,"
      + "log_lut_bits=6,log_interp_bits=4,search_tolerance=0.0005,search_iterations=40,"
      + "engine_anchors=2,sketch=projection,sketch_dims=6";

  static NmsConfig small;
  static RtlEmitter.Emitted emitted;
  @TempDir static Path tmp;
  static Path rtl;

  @BeforeAll
  static void emit() throws Exception {
    small = NmsConfig.defaults().withAll(Arrays.asList(SMALL.split(",")));
    emitted = RtlEmitter.emit(small);
    rtl = tmp.resolve("rtl");
    emitted.writeTo(rtl);
  }

  // ---- the sheet as text ----------------------------------------------------------------------

  record Port(String name, boolean input, int width) {}

  record Timing(String formula, long value, boolean exact) {}

  static List<String> tableRows(String md, String section) {
    int at = md.indexOf("\n## " + section + "\n");
    assertTrue(at >= 0, "no section " + section);
    int end = md.indexOf("\n## ", at + 4);
    List<String> rows = new ArrayList<>();
    for (String line : md.substring(at, end < 0 ? md.length() : end).split("\n")) {
      if (line.startsWith("| `")) {
        rows.add(line);
      }
    }
    return rows;
  }

  static String[] cells(String row) {
    String[] c = row.substring(2, row.length() - 2).split(" \\| ", -1);
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i].trim().replaceAll("^`|`$", "");
    }
    return c;
  }

  static List<Port> sheetPorts(String md) {
    List<Port> ports = new ArrayList<>();
    for (String row : tableRows(md, "Ports")) {
      String[] c = cells(row);
      ports.add(new Port(c[0], c[1].equals("input"), Integer.parseInt(c[2])));
    }
    return ports;
  }

  static Map<String, Timing> sheetTiming(String md) {
    Map<String, Timing> t = new LinkedHashMap<>();
    for (String row : tableRows(md, "Timing")) {
      String[] c = cells(row);
      t.put(c[0], new Timing(c[2], Long.parseLong(c[3]), c[4].equals("exact")));
    }
    return t;
  }

  /** Output to its value during reset, null where the sheet says undefined. */
  static Map<String, BigInteger> sheetReset(String md) {
    Map<String, BigInteger> r = new LinkedHashMap<>();
    for (String row : tableRows(md, "Reset")) {
      String[] c = cells(row);
      r.put(c[0], c[1].startsWith("undefined") ? null : new BigInteger(c[1]));
    }
    return r;
  }

  static final Pattern SV_PORT = Pattern.compile(
      "^\\s*(input|output)\\s+logic\\s+(?:\\[(\\d+):0\\]\\s+)?(\\w+),?$");

  static List<Port> svPorts(String sv) {
    List<Port> ports = new ArrayList<>();
    boolean header = false;
    for (String line : sv.split("\n")) {
      if (line.startsWith("module ")) {
        header = true;
        continue;
      }
      if (header && line.startsWith(");")) {
        break;
      }
      if (header) {
        Matcher m = SV_PORT.matcher(line);
        assertTrue(m.matches(), "port line: " + line);
        ports.add(new Port(m.group(3), m.group(1).equals("input"),
            m.group(2) == null ? 1 : Integer.parseInt(m.group(2)) + 1));
      }
    }
    return ports;
  }

  String sheet(String unit) {
    return emitted.files().get(unit + ".md");
  }

  // ---- ports, hash, completeness ------------------------------------------------------------

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", SMALL, "metric=l2,dims=30,lanes=7,adder_levels_per_stage=2",
      "lrt=true,lrt_n=9,lrt_m=16,lrt_rank=3", "sketch=block"})
  void everyUnitHasACompleteSheetWhosePortsAreTheEmittedOnes(String sets) {
    NmsConfig c = sets.isEmpty() ? NmsConfig.defaults()
        : NmsConfig.defaults().withAll(Arrays.asList(sets.split(",")));
    RtlEmitter.Emitted e = RtlEmitter.emit(c);
    for (String unit : e.units()) {
      String md = e.files().get(unit + ".md");
      assertNotNull(md, "no datasheet for " + unit);
      assertEquals(svPorts(e.files().get(unit + ".sv")), sheetPorts(md), unit + " ports");
      assertFalse(md.contains(Datasheet.UNDESCRIBED), unit + " leaves something undescribed:\n"
          + md);
      assertTrue(md.contains("| config hash | `" + c.hash() + "`"), unit + " hash");
      assertTrue(md.contains("| generator | nms rtl-gen " + Version.VERSION + " |"), unit);
      for (String row : tableRows(md, "Ports")) {
        assertEquals(5, cells(row).length, unit + ": a '|' inside a cell breaks the table: "
            + row);
        assertFalse(cells(row)[3].isEmpty(), unit + " port without a number format: " + row);
      }
      List<String> outputs = new ArrayList<>();
      for (Port p : sheetPorts(md)) {
        if (!p.input()) {
          outputs.add(p.name());
        }
      }
      assertEquals(outputs, new ArrayList<>(sheetReset(md).keySet()), unit + " reset table");
      assertFalse(sheetTiming(md).isEmpty(), unit + " has no timing");
    }
    assertEquals(e.files().get("nms_exp2.md"), RtlEmitter.emit(c).files().get("nms_exp2.md"),
        "same configuration, same bytes");
  }

  @Test
  void theSheetFollowsTheConfiguration() {
    NmsConfig d = NmsConfig.defaults();
    Formats f = d.formats();
    String md = RtlEmitter.emit(d).files().get("nms_affinity.md");
    assertTrue(md.contains("beta_max = " + f.betaMax + " (`2^beta_width - 1`)"), md);
    assertEquals(f.betaMax, (1L << f.betaWidth) - 1);
    String wide = RtlEmitter.emit(d.with("lanes", "16")).files().get("nms_distance.md");
    // lanes 16: four adder-tree stages instead of the default's two.
    assertEquals(sheetTiming(RtlEmitter.emit(d).files().get("nms_distance.md")).get("latency")
        .value() + 2, sheetTiming(wide).get("latency").value());
  }

  // ---- reset -----------------------------------------------------------------------------------

  @Test
  void outputsDuringResetAreTheSheetsAndNothingIsTakenInReset() throws Exception {
    StringBuilder tb = new StringBuilder("module tb;\n  logic clk = 1'b0;\n  logic rst_n = 1'b0;\n"
        + "  logic drive = 1'b0;\n  int phase = 0;\n  always #5 clk = ~clk;\n");
    StringBuilder show = new StringBuilder();
    StringBuilder watch = new StringBuilder();
    for (String unit : emitted.units()) {
      List<Port> ports = svPorts(emitted.files().get(unit + ".sv"));
      List<String> conns = new ArrayList<>();
      for (Port p : ports) {
        String sig = unit + "__" + p.name();
        tb.append("  logic ").append(p.width() == 1 ? "" : "[" + (p.width() - 1) + ":0] ")
            .append(sig).append(";\n");
        conns.add("." + p.name() + "(" + sig + ")");
        if (p.name().equals("clk_i")) {
          tb.append("  assign ").append(sig).append(" = clk;\n");
        } else if (p.name().equals("rst_ni")) {
          tb.append("  assign ").append(sig).append(" = rst_n;\n");
        } else if (p.input()) {
          tb.append("  assign ").append(sig).append(" = {").append(p.width())
              .append("{drive}};\n");
        } else {
          show.append("    $display(\"RESET ").append(unit).append(' ').append(p.name())
              .append(" %0d %b\", phase, ").append(sig).append(");\n");
          if (p.name().endsWith("valid_o") || p.name().equals("busy_o")) {
            watch.append("      if (").append(sig).append(" !== 1'b0) $display(\"TAKEN ")
                .append(unit).append(' ').append(p.name()).append(" %b\", ").append(sig)
                .append(");\n");
          }
        }
      }
      tb.append("  ").append(unit).append(" u_").append(unit).append(" (")
          .append(String.join(", ", conns)).append(");\n");
    }
    tb.append("  task automatic show();\n").append(show).append("  endtask\n");
    // Phase 0: reset with every input 0; phase 1: every input 1 (valid and ready high, in_ready
    // may read 1); then release with the inputs at 0 and watch that no result ever appears.
    tb.append("  initial begin\n    repeat (2) @(posedge clk);\n    #1 show();\n"
        + "    phase = 1; drive = 1'b1;\n    repeat (3) @(posedge clk);\n    #1 show();\n"
        + "    @(negedge clk); drive = 1'b0; rst_n = 1'b1;\n"
        + "    repeat (200) begin\n      @(posedge clk); #1;\n").append(watch)
        .append("    end\n    $display(\"DONE\");\n    $finish;\n  end\nendmodule\n");
    Path dir = tmp.resolve("reset");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tb.sv"), tb.toString());
    Path image = dir.resolve("sim.vvp").toAbsolutePath();
    // Every unit's files, children first (a unit outside the engine's filelist included).
    List<String> compile = new ArrayList<>(List.of("iverilog", "-g2012", "-o", image.toString(),
        "-s", "tb"));
    for (String unit : emitted.units()) {
      for (String f : emitted.filelist(unit)) {
        if (!compile.contains(f)) {
          compile.add(f);
        }
      }
    }
    compile.add(dir.resolve("tb.sv").toAbsolutePath().toString());
    Eda.run(rtl, compile);
    String log = Eda.run(dir, List.of("vvp", "-n", image.toString()));
    assertTrue(log.contains("DONE"), log);
    assertFalse(log.contains("TAKEN"), "a beat offered during reset was taken:\n" + log);
    int checked = 0;
    for (String unit : emitted.units()) {
      for (Map.Entry<String, BigInteger> e : sheetReset(sheet(unit)).entrySet()) {
        for (int phase = 0; phase < 2; phase++) {
          Matcher m = Pattern.compile("RESET " + unit + " " + e.getKey() + " " + phase
              + " ([01xz]+)").matcher(log);
          assertTrue(m.find(), unit + " " + e.getKey() + "\n" + log);
          if (e.getValue() != null) {
            assertEquals(e.getValue().toString(2), stripZeros(m.group(1)),
                unit + " " + e.getKey() + " during reset, inputs " + phase);
            checked++;
          }
        }
      }
    }
    assertTrue(checked >= 2 * 2 * emitted.units().size(), "every unit states its handshake"
        + " outputs during reset: " + checked);
  }

  static String stripZeros(String bits) {
    String s = bits.replaceFirst("^0+(?=.)", "");
    return s;
  }

  // ---- timing and out-of-range behaviour in simulation ------------------------------------

  /** A bench for {@code unit} whose data ports are the sheet's (handshake ports implied). */
  Bench bench(String unit) {
    List<Bench.Port> ins = new ArrayList<>();
    List<Bench.Port> outs = new ArrayList<>();
    for (Port p : sheetPorts(sheet(unit))) {
      if (List.of("clk_i", "rst_ni", "in_valid_i", "in_ready_o", "out_valid_o", "out_ready_i")
          .contains(p.name())) {
        continue;
      }
      (p.input() ? ins : outs).add(new Bench.Port(p.name(), p.width()));
    }
    return new Bench(unit, ins, outs);
  }

  /**
   * Runs the bench free (for the figures) and stressed (for the values) in Icarus. The
   * out-of-range probes of every unit but exp2 break an input rule the unit asserts (a missing
   * first, an early last, an over-long row, divisor 0, s below 1.0): those benches measure the
   * documented behaviour of the synthesized logic, so they compile without the assertions
   * (UnitAssertionsTest shows the same probes stopping on them).
   */
  Bench.Result run(Bench bench, String unit, int expected) throws Exception {
    Path dir = tmp.resolve("tb_" + unit);
    bench.writeFiles(dir);
    Path image = bench.buildIcarus(dir, rtl, !unit.equals("nms_exp2"));
    Bench.Result stressed = Bench.runIcarus(image, 30, 40, 5).assertClean();
    assertEquals(expected, stressed.outputs(), unit);
    Bench.Result free = Bench.runIcarus(image, 0, 0, 1).assertClean();
    assertEquals(expected, free.outputs(), unit);
    return free;
  }

  /** Every output {@code latency} after its input; the first {@code regular} {@code ii} apart. */
  void assertTiming(String unit, Bench.Result free, int regular) {
    Map<String, Timing> t = sheetTiming(sheet(unit));
    long latency = t.get("latency").value();
    long ii = t.get("initiation_interval").value();
    for (Bench.Out o : free.outs()) {
      assertEquals(latency, o.latency(), unit + " latency of output " + o.index());
    }
    for (int i = 1; i < regular; i++) {
      assertEquals(ii, free.outs().get(i).cycle() - free.outs().get(i - 1).cycle(),
          unit + " initiation interval between outputs " + (i - 1) + " and " + i);
    }
  }

  @Test
  void distance() throws Exception {
    Formats f = small.formats();
    int lanes = small.lanes();
    int w = small.pixelWidth();
    int dims = small.dims();
    int lastLanes = dims - (f.beats - 1) * lanes;
    assertTrue(lastLanes < lanes, "the small configuration has pad lanes");
    NmsDistance golden = new NmsDistance(small);
    Bench b = bench("nms_distance");
    Random rnd = new Random(1);
    long previous = 0;
    int regular = 6;
    for (int p = 0; p < regular + 1; p++) {
      int[] x = new int[dims];
      int[] y = new int[dims];
      for (int k = 0; k < dims; k++) {
        x[k] = rnd.nextInt(f.maxPixel + 1);
        y[k] = rnd.nextInt(f.maxPixel + 1);
      }
      boolean noFirst = p == regular; // the sheet: adds onto the previous pair's sum
      for (int beat = 0; beat < f.beats; beat++) {
        BigInteger wa = BigInteger.ZERO;
        BigInteger wb = BigInteger.ZERO;
        for (int lane = lanes - 1; lane >= 0; lane--) {
          int k = beat * lanes + lane;
          wa = wa.shiftLeft(w).or(BigInteger.valueOf(k < dims ? x[k] : rnd.nextInt(16)));
          wb = wb.shiftLeft(w).or(BigInteger.valueOf(k < dims ? y[k] : rnd.nextInt(16)));
        }
        b.input(BigInteger.valueOf(beat == 0 && !noFirst ? 1 : 0),
            BigInteger.valueOf(beat == f.beats - 1 ? 1 : 0), wa, wb);
      }
      long d = golden.distance(x, y);
      long expect = noFirst ? (previous + d) & ((1L << f.distWidth) - 1) : d;
      b.expect(expect);
      previous = expect;
    }
    // An early last on the second beat: the distance so far, lanes lastLanes.. forced to 0.
    long early = 0;
    for (int beat = 0; beat < 2; beat++) {
      BigInteger wa = BigInteger.ZERO;
      BigInteger wb = BigInteger.ZERO;
      for (int lane = lanes - 1; lane >= 0; lane--) {
        int xa = rnd.nextInt(16);
        int yb = rnd.nextInt(16);
        wa = wa.shiftLeft(w).or(BigInteger.valueOf(xa));
        wb = wb.shiftLeft(w).or(BigInteger.valueOf(yb));
        if (beat == 0 || lane < lastLanes) {
          early += Math.abs(xa - yb); // l1
        }
      }
      b.input(BigInteger.valueOf(beat == 0 ? 1 : 0), BigInteger.valueOf(beat), wa, wb);
    }
    b.expect(early);
    Bench.Result free = run(b, "nms_distance", regular + 2);
    assertTiming("nms_distance", free, regular);
  }

  @Test
  void sketch() throws Exception {
    Formats f = small.formats();
    int lanes = small.lanes();
    int w = small.pixelWidth();
    int dims = small.dims();
    NmsSketch golden = new NmsSketch(small);
    Bench b = bench("nms_sketch");
    Random rnd = new Random(3);
    int regular = 6;
    for (int n = 0; n < regular; n++) {
      int[] x = new int[dims];
      for (int k = 0; k < dims; k++) {
        x[k] = rnd.nextInt(f.maxPixel + 1);
      }
      for (int beat = 0; beat < f.beats; beat++) {
        BigInteger word = BigInteger.ZERO;
        for (int lane = lanes - 1; lane >= 0; lane--) {
          int k = beat * lanes + lane;
          word = word.shiftLeft(w).or(BigInteger.valueOf(k < dims ? x[k] : rnd.nextInt(16)));
        }
        b.input(BigInteger.valueOf(beat == 0 ? 1 : 0),
            BigInteger.valueOf(beat == f.beats - 1 ? 1 : 0), word);
      }
      b.expect(nms.vectors.VectorFile.pack(golden.sketch(x), f.sketchWidth));
    }
    assertTiming("nms_sketch", run(b, "nms_sketch", regular), regular);
  }

  @Test
  void exp2() throws Exception {
    Formats f = small.formats();
    NmsExp2 golden = new NmsExp2(small);
    Bench b = bench("nms_exp2");
    Random rnd = new Random(2);
    int regular = 40;
    for (int i = 0; i < regular; i++) {
      long t = i == 0 ? 0 : rnd.nextLong(f.tSat);
      b.input(t).expect(golden.exp2(t));
    }
    for (long t : new long[] {f.tSat, f.tSat + 1, (1L << f.tWidth) - 1}) {
      b.input(t).expect(0); // the sheet: a_o = 0 from t_sat on
    }
    assertTiming("nms_exp2", run(b, "nms_exp2", regular + 3), regular + 3);
  }

  @Test
  void affinity() throws Exception {
    Formats f = small.formats();
    NmsAffinity golden = new NmsAffinity(small);
    Bench b = bench("nms_affinity");
    Random rnd = new Random(3);
    long mask = (1L << f.distWidth) - 1;
    long sumA = 0;
    long sumTa = 0;
    long bl = 0;
    long dmin = 0;
    int elements = 0;
    // Row 0 regular; row 1 holds distances below its dmin (d - dmin wraps); row 2 has no
    // first_i (continues row 1); row 3 has beta_i = 0 (t = 0, a = 1.0).
    for (int row = 0; row < 4; row++) {
      long beta = row == 3 ? 0 : f.betaOne >> rnd.nextInt(6);
      long rowMin = 40 + rnd.nextInt(40);
      int n = 5;
      for (int j = 0; j < n; j++) {
        boolean first = j == 0 && row != 2;
        if (first) {
          bl = golden.betaLog2e(beta);
          dmin = rowMin;
          sumA = 0;
          sumTa = 0;
        }
        long d = row == 1 && j % 2 == 1 ? rnd.nextLong(dmin) : dmin + rnd.nextLong(60);
        long shifted = (d - dmin) & mask; // the sheet: wraps modulo 2^dist_width
        long t = golden.t(bl, shifted);
        long a = golden.a(t);
        if (row == 3) {
          assertEquals(0, t);
          assertEquals(f.affinityOne, a);
        }
        sumA += a;
        sumTa += t * a;
        boolean last = j == n - 1;
        b.input(first ? 1 : 0, last ? 1 : 0, first ? beta : rnd.nextLong(f.betaMax),
            first ? dmin : rnd.nextLong(mask), d).expect(last ? 1 : 0, t, a, sumA, sumTa);
        elements++;
      }
    }
    assertTiming("nms_affinity", run(b, "nms_affinity", elements), elements);
  }

  @Test
  void log2() throws Exception {
    Formats f = small.formats();
    NmsLog2 golden = new NmsLog2(small);
    Bench b = bench("nms_log2");
    Random rnd = new Random(4);
    long one = f.affinityOne;
    long max = (1L << f.sumAWidth) - 1;
    for (int i = 0; i < 30; i++) {
      long s = i == 0 ? one : i == 1 ? max : one + rnd.nextLong(max - one);
      b.input(s).expect(golden.log2(s));
    }
    for (long s : new long[] {0, 1, one - 1, one / 3}) {
      b.input(s).expect(golden.log2(s + one)); // the sheet: read as s + 1.0
    }
    assertTiming("nms_log2", run(b, "nms_log2", 34), 34);
  }

  @Test
  void divider() throws Exception {
    Formats f = small.formats();
    NmsDivider golden = new NmsDivider(small);
    Bench b = bench("nms_divider");
    Random rnd = new Random(5);
    long maxQ = (1L << f.quotientWidth) - 1;
    long maxDivisor = (1L << f.sumAWidth) - 1;
    for (int i = 0; i < 12; i++) {
      long d = 1 + rnd.nextLong(maxDivisor);
      long q = rnd.nextLong(maxQ + 1);
      long n = Math.min(q * d + rnd.nextLong(d), (1L << f.dividendWidth) - 1);
      b.input(n, d).expect(golden.divide(n, d));
    }
    for (long n : new long[] {0, 12345, (1L << f.dividendWidth) - 1}) {
      b.input(n, 0).expect(maxQ); // the sheet: divisor 0 gives all ones
    }
    b.timeout(100_000);
    assertTiming("nms_divider", run(b, "nms_divider", 15), 15);
  }

  @Test
  void perplexity() throws Exception {
    NmsPerplexity golden = new NmsPerplexity(small);
    Map<String, Timing> t = sheetTiming(sheet("nms_perplexity"));
    long overhead = t.get("evaluation_overhead").value();
    Matcher m = Pattern.compile("^iterations \\* \\(n \\+ evaluation_overhead\\) \\+ (\\d+)$")
        .matcher(t.get("latency").formula());
    assertTrue(m.matches(), t.get("latency").formula());
    long offset = Long.parseLong(m.group(1));
    int n = small.maxRowsPerClass() - 1;
    Bench b = bench("nms_perplexity");
    Random rnd = new Random(6);
    List<long[]> rows = new ArrayList<>();
    List<Integer> evaluated = new ArrayList<>();
    List<Integer> iterations = new ArrayList<>();
    long budget = 0;
    for (int len : new int[] {6, n, n + 3}) {
      long[] row = new long[len];
      for (int j = 0; j < len; j++) {
        row[j] = 20 + rnd.nextInt(200);
      }
      int used = Math.min(len, n);
      long[] kept = Arrays.copyOf(row, used);
      if (len > n) {
        // The sheet: beats past n overwrite the spare word, never read; dmin sees them too,
        // so they are kept at or above the kept row's minimum.
        for (int j = n; j < len; j++) {
          row[j] = Arrays.stream(kept).max().getAsLong();
        }
      }
      for (int j = 0; j < len; j++) {
        b.input(j == len - 1 ? 1 : 0, row[j]);
      }
      NmsPerplexity.Search s = golden.search(kept, small.search());
      b.expect(s.beta(), s.entropy(), s.iterations(), s.withinTolerance() ? 1 : 0);
      rows.add(row);
      evaluated.add(used);
      iterations.add(s.iterations());
      budget += len + (long) s.iterations() * (used + overhead);
    }
    b.timeout(4 * budget + 10_000);
    Bench.Result free = run(b, "nms_perplexity", rows.size());
    for (int r = 0; r < rows.size(); r++) {
      assertEquals(iterations.get(r) * (evaluated.get(r) + overhead) + offset,
          free.outs().get(r).latency(), "row " + r + " of " + rows.get(r).length + " distances, "
              + iterations.get(r) + " evaluations");
    }
    // The load figure: row 0's distances are taken one per cycle (load = n).
    assertEquals(t.get("load").value(), n);
    assertEquals((rows.get(0).length - 1) + free.outs().get(0).latency(),
        free.outs().get(0).cycle() - free.acceptCycleFirst(), "row 0 loads one per cycle");
  }

  @Test
  void knn() throws Exception {
    Formats f = small.formats();
    NmsKnn golden = new NmsKnn(small);
    Map<String, Timing> t = sheetTiming(sheet("nms_knn"));
    int k = f.knnK;
    int n = small.maxRowsPerClass() - 1;
    assertTrue(n > k, "the small configuration has rows longer than k");
    Bench b = bench("nms_knn");
    Random rnd = new Random(8);
    int[] lengths = {n, 3, k, 1, n};
    int outputs = 0;
    for (int len : lengths) {
      int[] idx = new int[len];
      long[] d = new long[len];
      for (int j = 0; j < len; j++) {
        idx[j] = len - 1 - j; // descending: equal distances must come out by ascending index
        d[j] = rnd.nextInt(4);
        b.input(j == 0 ? 1 : 0, j == len - 1 ? 1 : 0, idx[j], d[j]);
      }
      NmsKnn.Entry[] kept = golden.nearest(idx, d);
      for (int e = 0; e < kept.length; e++) {
        b.expect(e == kept.length - 1 ? 1 : 0, kept[e].index(), kept[e].dist());
      }
      outputs += kept.length;
    }
    Bench.Result free = run(b, "nms_knn", outputs);
    long start = free.acceptCycleFirst();
    int o = 0;
    for (int len : lengths) {
      int kept = Math.min(len, k);
      assertEquals(t.get("latency").value(), free.outs().get(o).latency(), "row of " + len);
      o += kept;
      long end = free.outs().get(o - 1).cycle();
      // II 1: the row's candidates are taken on consecutive cycles, then one entry per cycle.
      assertEquals((len - 1) * t.get("initiation_interval").value() + t.get("latency").value()
          + kept - 1, end - start, "row of " + len);
      if (len == n) {
        assertEquals(t.get("row_cycles").value(), end + 1 - start, "row_cycles at c = " + n);
      }
      start = end + 1;
    }
  }
}
