package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulates emitted modules with Icarus and compares what they print with the same arithmetic
 * done in Java: proof that the emitted Verilog means what the API says.
 */
class BehaviourTest {
  @TempDir Path tmp;

  /** Writes the design, adds {@code tb.sv}, simulates, returns the lines starting with "R ". */
  private List<String> simulate(Design design, String top, String testbench) throws Exception {
    Path dir = tmp.resolve(top);
    List<Path> files = RtlWriter.write(design, design.moduleNamed(top), dir);
    Files.writeString(dir.resolve("tb.sv"), testbench);
    List<String> compile =
        new ArrayList<>(List.of("iverilog", "-g2012", "-o", "sim.vvp", "-s", "tb", "tb.sv"));
    for (Path f : files.subList(0, files.size() - 1)) {
      compile.add(f.getFileName().toString());
    }
    Eda.run(dir, compile);
    String out = Eda.run(dir, List.of("vvp", "-n", "sim.vvp"));
    return out.lines().filter(l -> l.startsWith("R ")).collect(Collectors.toList());
  }

  /** "logic [w-1:0] name;" for every port and a by-name instance of the module. */
  private static String dutDeclarations(Module dut) {
    StringBuilder sb = new StringBuilder();
    List<String> conns = new ArrayList<>();
    for (Signal p : dut.ports()) {
      sb.append("  logic ").append(p.width() == 1 ? "" : "[" + (p.width() - 1) + ":0] ")
          .append(p.name()).append(";\n");
      conns.add("." + p.name() + "(" + p.name() + ")");
    }
    sb.append("  ").append(dut.name()).append(" dut (").append(String.join(", ", conns))
        .append(");\n");
    return sb.toString();
  }

  @Test
  void adderTreeSumsEveryValidBeatInOrder() throws Exception {
    Design design = ExampleDesigns.adderTree();
    Random rnd = new Random(7);
    StringBuilder stim = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int beat = 0; beat < 40; beat++) {
      boolean valid = rnd.nextInt(4) != 0; // bubbles must not produce output
      long packed = 0;
      long sum = 0;
      for (int i = 0; i < 8; i++) {
        long x = beat < 3 ? 255 : rnd.nextInt(256); // first beats: the all-ones maximum
        packed |= x << (8 * i);
        sum += x;
      }
      stim.append("    @(negedge clk_i); valid_i = 1'b").append(valid ? 1 : 0)
          .append("; data_i = 64'h").append(Long.toHexString(packed)).append(";\n");
      if (valid) {
        expected.add("R " + sum);
      }
    }
    String tb = "module tb;\n" + dutDeclarations(design.moduleNamed("adder_tree8"))
        + "  initial clk_i = 1'b0;\n"
        + "  always #5 clk_i = ~clk_i;\n"
        + "  always @(negedge clk_i) if (rst_ni && valid_o) $display(\"R %0d\", sum_o);\n"
        + "  initial begin\n"
        + "    rst_ni = 1'b0; valid_i = 1'b0; data_i = 64'd0;\n"
        + "    #12 rst_ni = 1'b1;\n"
        + stim
        + "    @(negedge clk_i); valid_i = 1'b0;\n"
        + "    repeat (5) @(negedge clk_i);\n"
        + "    $finish;\n"
        + "  end\n"
        + "endmodule\n";
    assertEquals(expected, simulate(design, "adder_tree8", tb));
  }

  @Test
  void registeredRomReturnsTheTableOneCycleLaterAndHoldsWhenDisabled() throws Exception {
    Design design = ExampleDesigns.romDesign();
    long[] table = ExampleDesigns.romTable();
    int[] addresses = {0, 1, 128, 255, 77};
    StringBuilder stim = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int a : addresses) {
      stim.append("    en_i = 1'b1; addr_i = 8'd").append(a).append(";\n")
          .append("    @(negedge clk_i); $display(\"R %0d\", data_o);\n");
      expected.add("R " + table[a]);
    }
    stim.append("    en_i = 1'b0; addr_i = 8'd3;\n")
        .append("    @(negedge clk_i); $display(\"R %0d\", data_o);\n");
    expected.add("R " + table[77]);
    String tb = "module tb;\n" + dutDeclarations(design.moduleNamed("sine_rom"))
        + "  initial clk_i = 1'b0;\n"
        + "  always #5 clk_i = ~clk_i;\n"
        + "  initial begin\n"
        + "    @(negedge clk_i);\n"
        + stim
        + "    $finish;\n"
        + "  end\n"
        + "endmodule\n";
    assertEquals(expected, simulate(design, "sine_rom", tb));
  }

  @Test
  void memoryReturnsWrittenWordsOneCycleAfterTheReadAndHoldsWhenDisabled() throws Exception {
    Design design = ExampleDesigns.rowBuffer();
    int[] addresses = {0, 99, 5, 64};
    StringBuilder stim = new StringBuilder();
    for (int a : addresses) {
      stim.append("    we_i = 1'b1; waddr_i = 7'd").append(a).append("; wdata_i = 12'd")
          .append(a * 41 + 7).append(";\n    @(negedge clk_i);\n");
    }
    // A write disabled by we_i leaves the word alone.
    stim.append("    we_i = 1'b0; waddr_i = 7'd5; wdata_i = 12'd1;\n    @(negedge clk_i);\n");
    List<String> expected = new ArrayList<>();
    for (int k = addresses.length - 1; k >= 0; k--) {
      stim.append("    re_i = 1'b1; raddr_i = 7'd").append(addresses[k]).append(";\n")
          .append("    @(negedge clk_i); $display(\"R %0d\", rdata_o);\n");
      expected.add("R " + (addresses[k] * 41 + 7));
    }
    stim.append("    re_i = 1'b0; raddr_i = 7'd99;\n")
        .append("    @(negedge clk_i); $display(\"R %0d\", rdata_o);\n");
    expected.add("R " + (addresses[0] * 41 + 7));
    String tb = "module tb;\n" + dutDeclarations(design.moduleNamed("row_buffer"))
        + "  initial clk_i = 1'b0;\n"
        + "  always #5 clk_i = ~clk_i;\n"
        + "  initial begin\n"
        + "    re_i = 1'b0; raddr_i = 7'd0;\n"
        + "    @(negedge clk_i);\n"
        + stim
        + "    $finish;\n"
        + "  end\n"
        + "endmodule\n";
    assertEquals(expected, simulate(design, "row_buffer", tb));
  }

  /** One combinational module exercising every operator, including slices of expressions. */
  private static Design opsDesign() {
    Design d = new Design("0.1.0", "abc");
    Module m = d.module("ops_check", "every Expr operator once");
    Signal a = m.input("a_i", 8);
    Signal b = m.input("b_i", 8);
    Signal s = m.input("s_i", 3);
    m.assign(m.output("add_o", 9), a.add(b));
    m.assign(m.output("addw_o", 8), a.addWrap(b));
    m.assign(m.output("sub_o", 9), a.sub(b));
    m.assign(m.output("subw_o", 8), a.subWrap(b));
    m.assign(m.output("mul_o", 16), a.mul(b));
    m.assign(m.output("mulc_o", 11), a.mul(5));
    m.assign(m.output("mid_o", 4), a.add(b).slice(8, 5));
    m.assign(m.output("low_o", 3), a.mul(b).trunc(3));
    m.assign(m.output("shr_o", 8), a.shr(s));
    m.assign(m.output("shl_o", 8), a.shlWrap(s));
    m.assign(m.output("cshl_o", 10), a.shl(2));
    m.assign(m.output("cshr_o", 8), a.shr(3));
    m.assign(m.output("cmp_o", 6),
        Expr.cat(a.eq(b), a.ne(b), a.lt(b), a.le(b), a.gt(b), a.ge(b)));
    m.assign(m.output("red_o", 3), Expr.cat(a.orReduce(), a.andReduce(), a.xorReduce()));
    m.assign(m.output("bits_o", 8), a.and(b).or(a.xor(b).not()));
    m.assign(m.output("mux_o", 8), Expr.mux(a.bit(0), b, a.not()));
    m.assign(m.output("rep_o", 6), s.repl(2));
    m.assign(m.output("ext_o", 12), b.zext(12));
    m.assign(m.output("nibsum_o", 4), a.slice(3, 0).addWrap(b.slice(7, 4)));
    return d;
  }

  private static String expectedOps(int a, int b, int s) {
    long[] v = {
      a + b, (a + b) & 0xff, (a - b) & 0x1ff, (a - b) & 0xff, a * b, a * 5L,
      ((a + b) >> 5) & 0xf, (a * b) & 7, a >> s, (a << s) & 0xff, a << 2, a >> 3,
      (a == b ? 32 : 0) | (a != b ? 16 : 0) | (a < b ? 8 : 0) | (a <= b ? 4 : 0)
          | (a > b ? 2 : 0) | (a >= b ? 1 : 0),
      (a != 0 ? 4 : 0) | (a == 255 ? 2 : 0) | (Integer.bitCount(a) & 1),
      (a & b) | (~(a ^ b) & 0xff), (a & 1) == 1 ? b : (~a & 0xff), (s << 3) | s, b,
      ((a & 0xf) + (b >> 4)) & 0xf
    };
    StringBuilder sb = new StringBuilder("R");
    for (long x : v) {
      sb.append(' ').append(x);
    }
    return sb.toString();
  }

  @Test
  void everyOperatorComputesWhatTheApiPromises() throws Exception {
    Design design = opsDesign();
    Module dut = design.moduleNamed("ops_check");
    Random rnd = new Random(11);
    StringBuilder stim = new StringBuilder();
    List<String> expected = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (Signal p : dut.ports()) {
      if (p.name().endsWith("_o")) {
        outputs.add(p.name());
      }
    }
    String display = "$display(\"R" + " %0d".repeat(outputs.size()) + "\", "
        + String.join(", ", outputs) + ");";
    int[][] vectors = new int[40][];
    vectors[0] = new int[] {255, 255, 7};
    vectors[1] = new int[] {0, 255, 0};
    vectors[2] = new int[] {200, 200, 1};
    for (int i = 3; i < vectors.length; i++) {
      vectors[i] = new int[] {rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(8)};
    }
    for (int[] t : vectors) {
      stim.append("    a_i = 8'd").append(t[0]).append("; b_i = 8'd").append(t[1])
          .append("; s_i = 3'd").append(t[2]).append("; #1 ").append(display).append('\n');
      expected.add(expectedOps(t[0], t[1], t[2]));
    }
    String tb = "module tb;\n" + dutDeclarations(dut)
        + "  initial begin\n" + stim + "    $finish;\n  end\nendmodule\n";
    assertEquals(expected, simulate(design, "ops_check", tb));
    // The same module is also lint- and synthesis-clean.
    Path dir = tmp.resolve("ops_check");
    assertEquals("", Eda.run(dir,
        List.of("verilator", "--lint-only", "-Wall", "--top-module", "ops_check", "ops_check.sv")));
    assertEquals("", Eda.run(dir,
        List.of("yosys", "-q", "-p", "read_verilog -sv ops_check.sv; synth -top ops_check")));
  }
}
