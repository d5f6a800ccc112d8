package nms.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.rtl.hdl.Eda;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emitted units' own assertions, live in both simulators: a bench that keeps the valid/ready
 * and framing rules (under back-pressure) runs to its end with none firing; one that breaks a rule
 * on purpose (data changed while {@code valid && !ready}, {@code last} on the wrong beat, a
 * missing {@code first}, an over-long row, a divisor of 0) stops on the named assertion, with a
 * non-zero exit, in Icarus ({@code iverilog -g2012}) and in Verilator ({@code --assert}).
 * Missing tools fail with the install command ({@link Eda#require}).
 */
class UnitAssertionsTest {
  static NmsConfig small;
  static Formats f;
  @TempDir static Path tmp;
  static Path rtl;

  @BeforeAll
  static void emit() throws Exception {
    Eda.require("iverilog");
    Eda.require("vvp");
    Eda.require("verilator");
    small = NmsConfig.defaults().withAll(Arrays.asList(DatasheetTest.SMALL.split(",")));
    f = small.formats();
    rtl = tmp.resolve("rtl");
    RtlEmitter.emit(small).writeTo(rtl);
  }

  record Port(String name, int width) {}

  /**
   * A closed-loop bench for one unit: beats from {@code beats.hex} (the data inputs, port 0 least
   * significant), each held until taken. {@code +mode=0}: out_ready_i low one cycle in three;
   * {@code +mode=1}: out_ready_i low throughout, and bit 0 of the beat flipped in every cycle
   * after one of {@code valid && !ready} (the sender breaking the rule). Ends with "NO ASSERTION
   * FIRED" once every beat is taken and {@code outputs} results came, or after a cycle limit.
   */
  static String bench(String unit, List<Port> ins, int nbeats, int outputs) {
    int w = ins.stream().mapToInt(Port::width).sum();
    StringBuilder sb = new StringBuilder("module tb;\n")
        .append("  logic clk = 1'b0;\n  logic rst_n = 1'b0;\n")
        .append("  logic in_valid = 1'b0;\n  logic out_ready = 1'b0;\n")
        .append("  logic in_ready;\n  logic out_valid;\n")
        .append("  logic [").append(w - 1).append(":0] beat = '0;\n")
        .append("  logic [").append(w - 1).append(":0] beats [0:").append(nbeats - 1).append("];\n")
        .append("  integer i = 0, mode = 0, cyc = 0, outs = 0;\n  logic fire = 1'b0;\n")
        .append("  logic stalled = 1'b0;\n")
        .append("  ").append(unit).append(" dut (.clk_i(clk), .rst_ni(rst_n),")
        .append(" .in_valid_i(in_valid), .in_ready_o(in_ready),")
        .append(" .out_valid_o(out_valid), .out_ready_i(out_ready)");
    int off = 0;
    for (Port p : ins) {
      sb.append(",\n    .").append(p.name()).append("(beat[").append(off + p.width() - 1)
          .append(':').append(off).append("])");
      off += p.width();
    }
    sb.append(");\n")
        .append("  always #5 clk = ~clk;\n")
        .append("  initial begin\n")
        .append("    if (!$value$plusargs(\"mode=%d\", mode)) mode = 0;\n")
        .append("    $readmemh(\"beats.hex\", beats);\n")
        .append("    repeat (3) @(posedge clk);\n    @(negedge clk);\n    rst_n = 1'b1;\n")
        .append("    while (cyc < 20000 && (i < ").append(nbeats).append(" || outs < ")
        .append(outputs).append(")) begin\n")
        .append("      in_valid = i < ").append(nbeats).append(";\n")
        .append("      if (i < ").append(nbeats).append(") beat = beats[i];\n")
        .append("      if (mode == 1 && stalled) beat[0] = ~beat[0];\n")
        .append("      out_ready = mode == 1 ? 1'b0 : (cyc % 3 != 2);\n")
        .append("      #4;\n")
        .append("      fire = in_valid && in_ready;\n")
        .append("      stalled = stalled || (in_valid && !in_ready);\n")
        .append("      if (out_valid && out_ready) outs = outs + 1;\n")
        .append("      @(posedge clk);\n      @(negedge clk);\n")
        .append("      if (fire) i = i + 1;\n")
        .append("      cyc = cyc + 1;\n")
        .append("    end\n")
        .append("    $display(\"NO ASSERTION FIRED beats=%0d outputs=%0d cycles=%0d\", i, outs,")
        .append(" cyc);\n")
        .append("    $finish;\n  end\nendmodule\n");
    return sb.toString();
  }

  static String hex(List<Port> ins, List<long[]> beats) {
    int w = ins.stream().mapToInt(Port::width).sum();
    StringBuilder sb = new StringBuilder();
    for (long[] b : beats) {
      BigInteger v = BigInteger.ZERO;
      for (int p = ins.size() - 1; p >= 0; p--) {
        v = v.shiftLeft(ins.get(p).width()).or(BigInteger.valueOf(b[p]));
      }
      String h = v.toString(16);
      sb.append("0".repeat(Math.max(0, (w + 3) / 4 - h.length()))).append(h).append('\n');
    }
    return sb.toString();
  }

  /** Icarus and Verilator images of one unit's bench, and a way to run them on a stimulus. */
  static final class Sims {
    final Path dir;
    final Path vvp;
    final Path verilated;
    final int outputs;

    Sims(String unit, List<Port> ins, int nbeats, int outputs) throws Exception {
      this.outputs = outputs;
      dir = tmp.resolve("tb_" + unit + "_" + nbeats + "_" + outputs);
      Files.createDirectories(dir);
      Path tb = dir.resolve("tb.sv").toAbsolutePath();
      Files.writeString(tb, bench(unit, ins, nbeats, outputs));
      vvp = dir.resolve("sim.vvp").toAbsolutePath();
      assertEquals("", Eda.run(rtl, List.of("iverilog", "-g2012", "-o", vvp.toString(), "-s",
          "tb", "-c", unit + ".f", tb.toString())), "iverilog must not warn");
      Eda.run(dir, List.of("verilator", "--binary", "--timing", "--assert", "-j", "1",
          "--top-module", "tb", "-Mdir", "obj", "-o", "sim", "-Wno-fatal",
          "-MAKEFLAGS", "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0",
          "-F", rtl.resolve(unit + ".f").toAbsolutePath().toString(), tb.toString()));
      verilated = dir.resolve("obj").resolve("sim");
    }

    /** Both simulators on {@code beats} in {@code mode}; {@code label} null: none may fire. */
    void check(String unit, List<Port> ins, List<long[]> beats, int mode, String label)
        throws Exception {
      Files.writeString(dir.resolve("beats.hex"), hex(ins, beats));
      Eda.Run icarus = Eda.exec(dir, List.of("vvp", "-n", vvp.toString(), "+mode=" + mode), 120);
      Eda.Run verilator = Eda.exec(dir, List.of(verilated.toString(), "+mode=" + mode), 120);
      for (Eda.Run r : List.of(icarus, verilator)) {
        String which = (r == icarus ? "Icarus" : "Verilator") + " " + unit + " mode " + mode;
        if (label == null) {
          assertEquals(0, r.status(), which + ":\n" + r.output());
          assertTrue(r.output().contains("NO ASSERTION FIRED"), which + ":\n" + r.output());
          assertFalse(r.output().contains("ASSERTION FAILED"), which + ":\n" + r.output());
          // The clean run really ran: every beat taken, every result out.
          assertTrue(r.output().contains("NO ASSERTION FIRED beats=" + beats.size()
              + " outputs=" + outputs + " "), which + ":\n" + r.output());
        } else {
          assertNotEquals(0, r.status(), which + " must fail:\n" + r.output());
          String line = r.output().lines().filter(l -> l.contains("ASSERTION FAILED"))
              .findFirst().orElseThrow(() -> new AssertionError(which
                  + ": no assertion message:\n" + r.output()));
          assertTrue(line.contains("ASSERTION FAILED " + unit + "." + label + " cycle="),
              which + ": expected " + label + ", got " + line);
          assertFalse(r.output().contains("NO ASSERTION FIRED"), which + ": the run must stop");
        }
      }
    }
  }

  @Test
  void distance() throws Exception {
    int lanes = small.lanes();
    int w = small.pixelWidth();
    List<Port> ins = List.of(new Port("in_first_i", 1), new Port("in_last_i", 1),
        new Port("a_i", lanes * w), new Port("b_i", lanes * w));
    int pairs = 3;
    List<long[]> good = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      for (int b = 0; b < f.beats; b++) {
        good.add(new long[] {b == 0 ? 1 : 0, b == f.beats - 1 ? 1 : 0, 0x1234 + p + b,
            0x4321 + 7 * b});
      }
    }
    Sims sims = new Sims("nms_distance", ins, good.size(), pairs);
    sims.check("nms_distance", ins, good, 0, null);
    // Back-pressure fills the pipe; the sender then changes the beat it was told to hold.
    sims.check("nms_distance", ins, good, 1, "in_stable");
    // The second pair's last on its first beat.
    List<long[]> early = new ArrayList<>(good);
    early.set(f.beats, new long[] {1, 1, 0x55, 0x66});
    assertTrue(f.beats > 1, "the small configuration has several beats per pair");
    sims.check("nms_distance", ins, early, 0, "in_framing");
  }

  @Test
  void affinity() throws Exception {
    List<Port> ins = List.of(new Port("first_i", 1), new Port("last_i", 1),
        new Port("beta_i", f.betaWidth), new Port("dmin_i", f.distWidth),
        new Port("dist_i", f.distWidth));
    List<long[]> good = new ArrayList<>();
    for (int row = 0; row < 2; row++) {
      for (int j = 0; j < 4; j++) {
        good.add(new long[] {j == 0 ? 1 : 0, j == 3 ? 1 : 0, f.betaOne, 40, 40 + 3 * j});
      }
    }
    Sims sims = new Sims("nms_affinity", ins, good.size(), good.size());
    sims.check("nms_affinity", ins, good, 0, null);
    sims.check("nms_affinity", ins, good, 1, "in_stable");
    // Row 1 without its first_i.
    List<long[]> noFirst = new ArrayList<>(good);
    noFirst.set(4, new long[] {0, 0, f.betaOne, 40, 40});
    sims.check("nms_affinity", ins, noFirst, 0, "in_framing");
  }

  @Test
  void perplexityRefusesAnOverLongRow() throws Exception {
    List<Port> ins = List.of(new Port("last_i", 1), new Port("dist_i", f.distWidth));
    int n = small.maxRowsPerClass() - 1;
    List<long[]> good = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      good.add(new long[] {j == n - 1 ? 1 : 0, 20 + 5L * j});
    }
    Sims sims = new Sims("nms_perplexity", ins, good.size(), 1);
    sims.check("nms_perplexity", ins, good, 0, null);
    List<long[]> tooLong = new ArrayList<>(good.subList(0, n - 1));
    tooLong.add(new long[] {0, 99}); // beat n without last_i
    Sims longer = new Sims("nms_perplexity", ins, tooLong.size(), 1);
    longer.check("nms_perplexity", ins, tooLong, 0, "in_framing");
  }

  @Test
  void divider() throws Exception {
    List<Port> ins = List.of(new Port("dividend_i", f.dividendWidth),
        new Port("divisor_i", f.sumAWidth));
    List<long[]> good = List.of(new long[] {1000, 7}, new long[] {5, 3}, new long[] {77, 77});
    Sims sims = new Sims("nms_divider", ins, good.size(), good.size());
    sims.check("nms_divider", ins, good, 0, null);
    // Busy after the first division: the held operands change.
    sims.check("nms_divider", ins, good, 1, "in_stable");
    List<long[]> zero = List.of(new long[] {1000, 7}, new long[] {5, 0}, new long[] {77, 77});
    sims.check("nms_divider", ins, zero, 0, "divide_precondition");
  }

  @Test
  void log2RefusesASumBelowOne() throws Exception {
    List<Port> ins = List.of(new Port("s_i", f.sumAWidth));
    List<long[]> good = List.of(new long[] {f.affinityOne}, new long[] {f.affinityOne * 3 + 5});
    Sims sims = new Sims("nms_log2", ins, good.size(), good.size());
    sims.check("nms_log2", ins, good, 0, null);
    List<long[]> below = List.of(new long[] {f.affinityOne}, new long[] {f.affinityOne - 1});
    sims.check("nms_log2", ins, below, 0, "s_at_least_one");
  }
}
