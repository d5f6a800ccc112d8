package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder's assertion API: what it emits, that the emitted block lints clean and is invisible
 * to synthesis, and that each property fires, named, in Icarus and in Verilator when a testbench
 * breaks it (and stays quiet when the testbench keeps the rules).
 */
class AssertionsTest {
  private static final String TOP = "framed_sum";

  /**
   * Sums a 2-beat transaction ({@code first}/{@code last} framed, trusting the flags) into a
   * registered output; one stage, valid/ready on both sides; every property kind attached.
   */
  static Design framedSum(boolean withAssertions) {
    Design d = new Design("test", "0123456789abcdef");
    Module m = d.module(TOP, "sum of a 2-beat transaction, for the assertion tests");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal data = m.input("data_i", 8);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal sumOut = m.output("sum_o", 9);
    Signal countOut = m.output("count_o", 2);

    Signal inFire = m.wire("in_fire", inValid.and(inReady));
    Reg acc = m.regNoReset("acc", 9);
    Signal accNext = m.wire("acc_next",
        Expr.mux(inFirst, Expr.lit(9, 0), acc.q()).addWrap(data.zext(9)));
    acc.next(accNext).enableWhen(inFire);
    Reg valid = m.reg("out_valid", 1, 0);
    Signal load = m.wire("load", inFire.and(inLast));
    valid.next(load.or(valid.q().and(outReady.not())));
    Reg sum = m.regNoReset("sum", 9).next(accNext).enableWhen(load);
    m.assign(inReady, valid.q().not().or(outReady));
    m.assign(outValid, valid.q());
    m.assign(sumOut, sum.q());
    Reg count = m.reg("count", 2, 0); // transactions modulo 3
    count.next(Expr.mux(count.q().eq(2), Expr.lit(2, 0), count.q().addWrap(1))).enableWhen(load);
    m.assign(countOut, count.q());
    if (withAssertions) {
      m.assertStableWhileStalled("in_stable", inValid, inReady, inFirst, inLast, data);
      m.assertStableWhileStalled("out_stable", outValid, outReady, sumOut);
      m.assertFraming("in_framing", inValid, inReady, inFirst, inLast, 2);
      m.assertOutstanding("one_out_per_in", inFire.and(inLast), outValid.and(outReady), 1);
      m.assertAtMost("count_in_range", count.q(), 2);
      m.assertImplies("sum_in_range", outValid, sumOut.le(510), "sum_o beyond 2 * 255", sumOut);
    }
    return d;
  }

  @TempDir static Path tmp;
  private static Path rtl;
  private static List<String> sources;

  @BeforeAll
  static void writeRtl() throws Exception {
    Design d = framedSum(true);
    rtl = tmp.resolve("rtl");
    sources = Eda.write(d, d.moduleNamed(TOP), rtl);
  }

  private static String emitted() throws Exception {
    return Files.readString(rtl.resolve(TOP + ".sv"));
  }

  @Test
  void emitsEveryPropertyInOneResetGatedBlockHiddenFromSynthesis() throws Exception {
    String sv = emitted();
    int open = sv.indexOf("`ifndef SYNTHESIS");
    int close = sv.indexOf("`endif");
    assertTrue(open > 0 && close > open, sv);
    assertTrue(sv.indexOf("endmodule") > close, "the block sits inside the module");
    String block = sv.substring(open, close);
    assertEquals(6, count(block, "assert ("), block);
    assertEquals(0, count(sv.substring(0, open), "assert ("), "nothing outside the block");
    for (String label : List.of("in_stable", "out_stable", "in_framing", "one_out_per_in",
        "count_in_range", "sum_in_range")) {
      assertTrue(block.contains("ASSERTION FAILED " + TOP + "." + label + " cycle=%0d"), label);
    }
    assertTrue(block.contains("  always @(posedge clk_i or negedge rst_ni) begin\n"
        + "    if (rst_ni) begin\n"), "reset-gated");
    assertTrue(block.contains("// in_stable (AssertionsTest.java:"), "names the generator line");
    assertTrue(block.contains("data_i=0x%0h"), "prints the values by name");
  }

  @Test
  void lintsCleanWithTheAssertionsAndWithSynthesisDefined() throws Exception {
    for (List<String> extra : List.of(List.<String>of(), List.of("-DSYNTHESIS"))) {
      List<String> cmd = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--assert",
          "--top-module", TOP, "-F", TOP + ".f"));
      cmd.addAll(extra);
      assertEquals("", Eda.run(rtl, cmd), "verilator -Wall " + extra + " must print nothing");
    }
  }

  @Test
  void synthesisIsTheSameWithAndWithoutAssertions() throws Exception {
    Design plain = framedSum(false);
    Path plainDir = tmp.resolve("plain");
    Eda.write(plain, plain.moduleNamed(TOP), plainDir);
    String with = ice40Cells(rtl);
    String without = ice40Cells(plainDir);
    assertTrue(with.contains("SB_LUT4"), with);
    assertEquals(without, with, "iCE40 cell counts with and without assertions");
    assertNotEquals(Files.readString(plainDir.resolve(TOP + ".sv")), emitted());
  }

  private static String ice40Cells(Path dir) throws Exception {
    String out = Eda.run(dir, List.of("yosys", "-p",
        "read_verilog -sv " + TOP + ".sv; synth_ice40 -top " + TOP + "; stat"));
    StringBuilder cells = new StringBuilder();
    Matcher m = Pattern.compile("(?m)^\\s+(Number of cells:\\s+\\d+|SB_\\w+\\s+\\d+)$")
        .matcher(out.substring(out.lastIndexOf("Printing statistics")));
    while (m.find()) {
      cells.append(m.group(1).replaceAll("\\s+", " ")).append('\n');
    }
    return cells.toString();
  }

  /** The stimulus of both simulators: mode 0 keeps the rules, 1 and 2 each break one. */
  private static final String MODES =
      "mode 0: 5 transactions under back-pressure; 1: data changed while stalled;"
          + " 2: last on the first of 2 beats";

  @Test
  void icarusStopsOnTheNamedAssertion() throws Exception {
    Files.writeString(rtl.resolve("tb.sv"), ICARUS_TB);
    List<String> cmd = new ArrayList<>(List.of("iverilog", "-g2012", "-o", "sim.vvp", "-s", "tb",
        "tb.sv"));
    cmd.addAll(sources);
    assertEquals("", Eda.run(rtl, cmd), "iverilog must not warn");
    Eda.Run clean = Eda.exec(rtl, List.of("vvp", "-n", "sim.vvp", "+mode=0"), 60);
    assertEquals(0, clean.status(), clean.output());
    assertTrue(clean.output().contains("NO ASSERTION FIRED"), clean.output());
    assertFails(Eda.exec(rtl, List.of("vvp", "-n", "sim.vvp", "+mode=1"), 60), "in_stable",
        "data_i=0x4");
    assertFails(Eda.exec(rtl, List.of("vvp", "-n", "sim.vvp", "+mode=2"), 60), "in_framing",
        "in_last_i=0x1");
  }

  @Test
  void verilatorStopsOnTheNamedAssertion() throws Exception {
    Path dir = tmp.resolve("verilator");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tb.cpp"), VERILATOR_TB);
    Eda.run(dir, List.of("verilator", "--cc", "--exe", "--build", "-j", "2", "--assert",
        "-Wall", "-Wno-fatal", "--top-module", TOP, "-F", rtl.resolve(TOP + ".f").toString(),
        "tb.cpp", "-o", "tb"));
    String tb = dir.resolve("obj_dir/tb").toString();
    Eda.Run clean = Eda.exec(dir, List.of(tb, "0"), 60);
    assertEquals(0, clean.status(), clean.output());
    assertTrue(clean.output().contains("NO ASSERTION FIRED"), clean.output());
    assertFails(Eda.exec(dir, List.of(tb, "1"), 60), "in_stable", "data_i=0x4");
    assertFails(Eda.exec(dir, List.of(tb, "2"), 60), "in_framing", "in_last_i=0x1");
  }

  private static void assertFails(Eda.Run run, String label, String value) {
    assertNotEquals(0, run.status(), run.output());
    String line = run.output().lines().filter(l -> l.contains("ASSERTION FAILED")).findFirst()
        .orElseThrow(() -> new AssertionError("no assertion message:\n" + run.output()));
    assertTrue(line.contains("ASSERTION FAILED " + TOP + "." + label + " cycle="), line);
    assertTrue(line.contains(value), line);
    assertFalse(run.output().contains("NO ASSERTION FIRED"), "the run must stop");
  }

  @Test
  void refusesBadLabelsMessagesAndDuplicates() {
    Design d = framedSum(true);
    Module m = d.moduleNamed(TOP);
    Signal v = (Signal) m.ports().get(2);
    assertThrows(HdlException.class, () -> m.assertAlways("in_stable", v, "again"));
    assertThrows(HdlException.class, () -> m.assertAlways("Bad-Label", v, "x"));
    assertThrows(HdlException.class, () -> m.assertAlways("quoted", v, "a \"quote\""));
    assertThrows(WidthException.class, () -> m.assertAlways("wide", m.ports().get(6), "x"));
  }

  @Test
  void aBoundTheWidthAlreadyEnforcesEmitsNothing() throws Exception {
    Design d = framedSum(false);
    Module m = d.moduleNamed(TOP);
    m.assertAtMost("sum_full_range", m.ports().get(9), 511);
    m.assertAtMost("count_full_range", m.ports().get(10), 3);
    assertFalse(m.emit().contains("SYNTHESIS"));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  // Both benches: inputs applied with the clock low, the handshake sampled just before the rising
  // edge, as nms_tb.hpp does. Beat i of mode 0 and 1: first = i even, last = i odd.
  private static final String ICARUS_TB = """
      module tb;
        logic clk_i = 1'b0, rst_ni = 1'b0, in_valid_i = 1'b0, in_first_i, in_last_i;
        logic out_ready_i = 1'b0, in_ready_o, out_valid_o, fire;
        logic [7:0] data_i;
        logic [8:0] sum_o;
        logic [1:0] count_o;
        integer mode, n, i, stalled, cycle;
        framed_sum dut (.*);
        always #5 clk_i = ~clk_i;
        initial begin
          if (!$value$plusargs("mode=%d", mode)) mode = 0;
          n = mode == 0 ? 10 : mode == 1 ? 3 : 1;
          i = 0; stalled = 0;
          repeat (2) @(posedge clk_i);
          @(negedge clk_i) rst_ni = 1'b1;
          for (cycle = 0; cycle < 100; cycle = cycle + 1) begin
            out_ready_i = mode == 0 ? (cycle % 3 != 0) : mode == 2;
            in_valid_i = i < n;
            in_first_i = mode == 2 ? 1'b1 : i % 2 == 0;
            in_last_i = mode == 2 ? 1'b1 : i % 2 == 1;
            data_i = mode == 1 && i == 2 && stalled > 0 ? 8'd4 : 8'(i * 37 + 1);
            #1 fire = in_valid_i && in_ready_o;
            @(posedge clk_i) #1;
            if (fire) begin i = i + 1; stalled = 0; end else if (in_valid_i) stalled = stalled + 1;
            @(negedge clk_i);
          end
          $display("NO ASSERTION FIRED");
          $finish;
        end
      endmodule
      """;

  private static final String VERILATOR_TB = """
      #include "Vframed_sum.h"
      #include "verilated.h"
      #include <cstdio>
      #include <cstdlib>
      int main(int argc, char** argv) {
        VerilatedContext ctx;
        const int mode = argc > 1 ? std::atoi(argv[1]) : 0;
        Vframed_sum m(&ctx);
        auto half = [&](int clk) { m.clk_i = clk; m.eval(); ctx.timeInc(5); };
        m.rst_ni = 0; m.in_valid_i = 0; m.out_ready_i = 0;
        m.in_first_i = 0; m.in_last_i = 0; m.data_i = 0;
        half(0); half(1); half(0); half(1);
        m.rst_ni = 1;
        const int n = mode == 0 ? 10 : mode == 1 ? 3 : 1;
        int i = 0, stalled = 0;
        for (int cycle = 0; cycle < 100 && !ctx.gotFinish(); ++cycle) {
          m.out_ready_i = mode == 0 ? (cycle % 3 != 0) : mode == 2;
          m.in_valid_i = i < n;
          m.in_first_i = mode == 2 ? 1 : i % 2 == 0;
          m.in_last_i = mode == 2 ? 1 : i % 2 == 1;
          m.data_i = mode == 1 && i == 2 && stalled > 0 ? 4 : (i * 37 + 1) & 0xff;
          half(0);
          const bool fire = m.in_valid_i && m.in_ready_o;
          half(1);
          if (fire) { ++i; stalled = 0; } else if (m.in_valid_i) { ++stalled; }
        }
        m.final();
        std::puts("NO ASSERTION FIRED");
        return 0;
      }
      """;
}
