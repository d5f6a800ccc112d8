package nms.rtl;

import nms.rtl.hdl.Eda;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A self-checking SystemVerilog testbench for one stream unit, generated from Java: stimulus and
 * the expected outputs (from the golden twin) go into {@code $readmemh} files, the bench drives
 * {@code in_valid_i} with random gaps and {@code out_ready_i} with random stalls (an xorshift
 * generator, so runs repeat), compares every output transaction in order, checks that a stalled
 * output holds, that no transaction is duplicated or invented, and reports each output's latency
 * (cycles from accepting the input that completes it). A run that has not delivered every output
 * by its cycle limit ({@link #timeout}) reports a TIMEOUT error. Built with {@code verilator
 * --binary --timing}; used by the unit tests of {@code nms.rtl} and {@code nms.rtl.units}.
 */
public final class Bench {
  /** A data port of the unit; a transaction packs the ports with the first most significant. */
  public record Port(String name, int width) {}

  /** One output transaction as the bench saw it: its index, cycle and latency. */
  public record Out(int index, long cycle, long latency) {}

  /** What a run printed, parsed; cycles count from the release of reset. */
  public record Result(int errors, int outputs, List<Out> outs, long acceptCycleFirst,
      String log) {
    /** Fails unless the bench reported no error (so every expected output came, in order). */
    public Result assertClean() {
      assertTrue(errors == 0, "testbench reported " + errors + " error(s):\n" + tail(log));
      return this;
    }
  }

  private final String dut;
  private final List<Port> ins;
  private final List<Port> outs;
  private final List<BigInteger[]> inputs = new ArrayList<>();
  private final List<BigInteger[]> expected = new ArrayList<>();
  private final List<Integer> completing = new ArrayList<>();
  private long timeout = -1;

  /** A bench for module {@code dut} with the given data ports (handshake ports are implied). */
  public Bench(String dut, List<Port> ins, List<Port> outs) {
    this.dut = dut;
    this.ins = ins;
    this.outs = outs;
  }

  /** Appends one input transaction, a value per input port in port order. */
  public Bench input(BigInteger... values) {
    check(ins, values);
    inputs.add(values);
    return this;
  }

  public Bench input(long... values) {
    return input(big(values));
  }

  /** Appends one expected output, completed by the input transaction most recently added. */
  public Bench expect(BigInteger... values) {
    check(outs, values);
    if (inputs.isEmpty()) {
      throw new IllegalStateException("an output needs an input before it");
    }
    expected.add(values);
    completing.add(inputs.size() - 1);
    return this;
  }

  public Bench expect(long... values) {
    return expect(big(values));
  }

  /**
   * Cycles after reset at which a run gives up (a hung unit fails instead of spinning for ever);
   * by default {@code 1200 + 20 * (inputs + outputs)}, enough for units that keep up with the
   * stream but not for iterative ones. Set before {@link #build}.
   */
  public Bench timeout(long cycles) {
    if (cycles < 1 || cycles > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeout " + cycles + " cycles");
    }
    timeout = cycles;
    return this;
  }

  /**
   * Writes the bench into {@code dir} and builds it with Verilator against {@code rtlDir}'s
   * filelist {@code <dut>.f}; returns the simulator binary.
   */
  public Path build(Path dir, Path rtlDir) throws IOException, InterruptedException {
    writeFiles(dir);
    Eda.run(dir, List.of("verilator", "--binary", "--timing", "-j", "1",
        "--top-module", "tb", "-Mdir", "obj", "-o", "sim",
        // The benches run for microseconds; compiling the model unoptimised saves build time.
        "-MAKEFLAGS", "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0",
        "-F", rtlDir.resolve(dut + ".f").toAbsolutePath().toString(), "tb.sv"));
    return dir.resolve("obj").resolve("sim");
  }

  /** Writes the bench and its stimulus files into {@code dir} without building anything. */
  public void writeFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tb.sv"), source());
    Files.writeString(dir.resolve("in.hex"), hex(inputs, width(ins)));
    Files.writeString(dir.resolve("exp.hex"), hex(expected, width(outs)));
    StringBuilder done = new StringBuilder();
    for (int c : completing) {
      done.append(String.format("%08x%n", c));
    }
    Files.writeString(dir.resolve("done.hex"), done.toString());
  }

  /**
   * Builds the same bench (written by {@link #build} or {@link #writeFiles}) with Icarus, the 4-state cross-check:
   * registers without reset start as X there, so an X reaching a compared output or a handshake
   * shows up as a mismatch. Returns the {@code vvp} image.
   */
  public Path buildIcarus(Path dir, Path rtlDir) throws IOException, InterruptedException {
    return buildIcarus(dir, rtlDir, false);
  }

  /**
   * As {@link #buildIcarus(Path, Path)}; {@code withoutAssertions} compiles the units as synthesis
   * sees them ({@code -DSYNTHESIS}, their assertions left out), for a bench that breaks their
   * input rules on purpose to measure what the hardware then does.
   */
  public Path buildIcarus(Path dir, Path rtlDir, boolean withoutAssertions)
      throws IOException, InterruptedException {
    Path image = dir.resolve("sim.vvp").toAbsolutePath();
    // Filelist entries are relative to the RTL folder, so compile from there.
    List<String> cmd = new java.util.ArrayList<>(List.of("iverilog", "-g2012", "-o",
        image.toString(), "-s", "tb"));
    if (withoutAssertions) {
      cmd.add("-DSYNTHESIS");
    }
    cmd.addAll(List.of("-c", dut + ".f", dir.resolve("tb.sv").toAbsolutePath().toString()));
    Eda.run(rtlDir, cmd);
    return image;
  }

  /** Runs an Icarus image from {@link #buildIcarus} like {@link #run}. */
  public static Result runIcarus(Path image, int gapPct, int stallPct, int seed)
      throws IOException, InterruptedException {
    return parse(Eda.exec(image.getParent(), List.of("vvp", "-n", image.toString(),
        "+gap=" + gapPct, "+stall=" + stallPct, "+seed=" + seed), 600));
  }

  /** Runs a built bench with {@code gapPct}% input gaps and {@code stallPct}% output stalls. */
  public static Result run(Path sim, int gapPct, int stallPct, int seed)
      throws IOException, InterruptedException {
    return parse(Eda.exec(sim.getParent().getParent(), List.of(sim.toString(),
        "+gap=" + gapPct, "+stall=" + stallPct, "+seed=" + seed), 600));
  }

  private static Result parse(Eda.Run r) {
    String log = r.output();
    Matcher m = Pattern.compile("RESULT errors=(\\d+) outputs=(\\d+)").matcher(log);
    if (!m.find()) {
      fail("no RESULT line from the testbench (status " + r.status() + "):\n" + tail(log));
    }
    List<Out> outs = new ArrayList<>();
    Matcher o = Pattern.compile("OUT (\\d+) cycle (\\d+) latency (\\d+)").matcher(log);
    while (o.find()) {
      outs.add(new Out(Integer.parseInt(o.group(1)), Long.parseLong(o.group(2)),
          Long.parseLong(o.group(3))));
    }
    Matcher f = Pattern.compile("FIRST_ACCEPT (\\d+)").matcher(log);
    long firstAccept = f.find() ? Long.parseLong(f.group(1)) : -1;
    return new Result(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), outs,
        firstAccept, log);
  }

  private String source() {
    int inW = width(ins);
    int outW = width(outs);
    int n = inputs.size();
    int k = expected.size();
    StringBuilder sb = new StringBuilder();
    sb.append("// Self-checking bench for ").append(dut).append(", generated by the nms tests.\n");
    sb.append("module tb;\n");
    sb.append("  localparam int NIn = ").append(n).append(";\n");
    sb.append("  localparam int NOut = ").append(k).append(";\n");
    sb.append("  localparam int Timeout = ").append(timeout > 0 ? timeout : 1200 + 20 * (n + k))
        .append(";\n");
    sb.append("  logic clk = 1'b0;\n  logic rst_n = 1'b0;\n");
    sb.append("  logic [").append(inW - 1).append(":0] in_mem [NIn];\n");
    sb.append("  logic [").append(outW - 1).append(":0] exp_mem [NOut];\n");
    sb.append("  logic [31:0] done_mem [NOut];\n");
    sb.append("  int in_cycle [NIn];\n");
    sb.append("  int in_idx = 0;\n  int out_idx = 0;\n  int cycle = 0;\n  int errors = 0;\n");
    sb.append("  int quiet = 0;\n  int gap_pct = 0;\n  int stall_pct = 0;\n  int seed = 1;\n");
    sb.append("  logic [31:0] rng = 32'd1;\n  logic gap = 1'b0;\n  logic stall = 1'b0;\n");
    sb.append("  logic held = 1'b0;\n");
    sb.append("  logic [").append(outW - 1).append(":0] held_data;\n");
    sb.append("  logic in_valid;\n  logic in_ready;\n  logic out_valid;\n  logic out_ready;\n");
    for (Port p : ins) {
      sb.append("  logic ").append(range(p.width())).append(p.name()).append(";\n");
    }
    for (Port p : outs) {
      sb.append("  logic ").append(range(p.width())).append(p.name()).append(";\n");
    }
    sb.append("  logic [").append(outW - 1).append(":0] got;\n");
    sb.append("  logic [").append(inW - 1).append(":0] in_word;\n\n");
    sb.append("  always #5 clk = ~clk;\n\n");
    sb.append("  assign in_word = in_mem[in_idx < NIn ? in_idx : 0];\n");
    sb.append("  assign {").append(names(ins)).append("} = in_word;\n");
    sb.append("  assign got = {").append(names(outs)).append("};\n");
    sb.append("  assign in_valid = rst_n && in_idx < NIn && !gap;\n");
    sb.append("  assign out_ready = !stall;\n\n");
    sb.append("  ").append(dut).append(" u_dut (\n");
    sb.append("    .clk_i(clk),\n    .rst_ni(rst_n),\n");
    sb.append("    .in_valid_i(in_valid),\n    .in_ready_o(in_ready),\n");
    for (Port p : ins) {
      sb.append("    .").append(p.name()).append('(').append(p.name()).append("),\n");
    }
    sb.append("    .out_valid_o(out_valid),\n    .out_ready_i(out_ready)");
    for (Port p : outs) {
      sb.append(",\n    .").append(p.name()).append('(').append(p.name()).append(')');
    }
    sb.append("\n  );\n\n");
    sb.append("  initial begin\n");
    sb.append("    $readmemh(\"in.hex\", in_mem);\n");
    sb.append("    $readmemh(\"exp.hex\", exp_mem);\n");
    sb.append("    $readmemh(\"done.hex\", done_mem);\n");
    sb.append("    if (!$value$plusargs(\"gap=%d\", gap_pct)) gap_pct = 0;\n");
    sb.append("    if (!$value$plusargs(\"stall=%d\", stall_pct)) stall_pct = 0;\n");
    sb.append("    if (!$value$plusargs(\"seed=%d\", seed)) seed = 1;\n");
    sb.append("    rng = 32'(seed) * 32'd2654435761 + 32'd1;\n");
    sb.append("    repeat (3) @(posedge clk);\n");
    sb.append("    rst_n = 1'b1;\n");
    sb.append("  end\n\n");
    sb.append("  always @(posedge clk) begin\n");
    sb.append("    logic [31:0] x;\n");
    sb.append("    if (rst_n) begin\n");
    sb.append("      cycle <= cycle + 1;\n");
    sb.append("      x = rng ^ (rng << 13);\n      x = x ^ (x >> 17);\n      x = x ^ (x << 5);\n");
    sb.append("      rng <= x;\n");
    // A beat offered and not taken stays offered (the sender rule the units assert): no gap
    // right after a stalled cycle.
    sb.append("      gap <= !(in_valid && !in_ready)")
        .append(" && int'({16'd0, x[15:0]} % 32'd100) < gap_pct;\n");
    sb.append("      stall <= int'({16'd0, x[31:16]} % 32'd100) < stall_pct;\n");
    sb.append("      if (in_valid && in_ready) begin\n");
    sb.append("        if (in_idx == 0) $display(\"FIRST_ACCEPT %0d\", cycle);\n");
    sb.append("        in_cycle[in_idx] <= cycle;\n");
    sb.append("        in_idx <= in_idx + 1;\n");
    sb.append("      end\n");
    sb.append("      if (held && (!out_valid || got != held_data)) begin\n");
    sb.append("        errors = errors + 1;\n");
    sb.append("        $display(\"HOLD output %0d changed while stalled at cycle %0d: %h -> %h (valid %b)\",");
    sb.append(" out_idx, cycle, held_data, got, out_valid);\n");
    sb.append("      end\n");
    sb.append("      held <= out_valid && !out_ready;\n");
    sb.append("      held_data <= got;\n");
    sb.append("      if (out_valid && out_ready) begin\n");
    sb.append("        if (out_idx >= NOut) begin\n");
    sb.append("          errors = errors + 1;\n");
    sb.append("          $display(\"EXTRA output at cycle %0d: %h\", cycle, got);\n");
    sb.append("        end else begin\n");
    sb.append("          $display(\"OUT %0d cycle %0d latency %0d\", out_idx, cycle,");
    sb.append(" cycle - in_cycle[done_mem[out_idx]]);\n");
    int lo = outW;
    for (Port p : outs) {
      lo -= p.width();
      String expPart = "exp_mem[out_idx][" + (lo + p.width() - 1) + ":" + lo + "]";
      sb.append("          if (").append(p.name()).append(" !== ").append(expPart)
          .append(") begin\n");
      sb.append("            errors = errors + 1;\n");
      sb.append("            $display(\"MISMATCH output %0d port ").append(p.name())
          .append(" cycle %0d expected %h got %h\", out_idx, cycle, ").append(expPart)
          .append(", ").append(p.name()).append(");\n");
      sb.append("          end\n");
    }
    sb.append("          out_idx <= out_idx + 1;\n");
    sb.append("        end\n");
    sb.append("      end\n");
    sb.append("      if (out_idx == NOut) quiet <= quiet + 1;\n");
    sb.append("      if (quiet == 100 || cycle == Timeout) begin\n");
    sb.append("        if (out_idx != NOut) begin\n");
    sb.append("          errors = errors + 1;\n");
    sb.append("          $display(\"TIMEOUT after %0d cycles: %0d of %0d outputs, %0d of %0d inputs\",");
    sb.append(" cycle, out_idx, NOut, in_idx, NIn);\n");
    sb.append("        end\n");
    sb.append("        $display(\"RESULT errors=%0d outputs=%0d\", errors, out_idx);\n");
    sb.append("        $finish;\n");
    sb.append("      end\n");
    sb.append("    end\n");
    sb.append("  end\n");
    sb.append("endmodule\n");
    return sb.toString();
  }

  private static String names(List<Port> ports) {
    List<String> n = new ArrayList<>();
    for (Port p : ports) {
      n.add(p.name());
    }
    return String.join(", ", n);
  }

  private static String range(int w) {
    return w == 1 ? "" : "[" + (w - 1) + ":0] ";
  }

  private static int width(List<Port> ports) {
    int w = 0;
    for (Port p : ports) {
      w += p.width();
    }
    return w;
  }

  /** One line per transaction: the ports concatenated, the first port in the top bits. */
  private String hex(List<BigInteger[]> rows, int totalWidth) {
    List<Port> ports = rows == inputs ? ins : outs;
    StringBuilder sb = new StringBuilder();
    int digits = (totalWidth + 3) / 4;
    for (BigInteger[] row : rows) {
      BigInteger word = BigInteger.ZERO;
      for (int i = 0; i < row.length; i++) {
        word = word.shiftLeft(ports.get(i).width()).or(row[i]);
      }
      String h = word.toString(16);
      sb.append("0".repeat(digits - h.length())).append(h).append('\n');
    }
    return sb.toString();
  }

  private static void check(List<Port> ports, BigInteger[] values) {
    if (values.length != ports.size()) {
      throw new IllegalArgumentException("expected " + ports.size() + " values, got "
          + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i].signum() < 0 || values[i].bitLength() > ports.get(i).width()) {
        throw new IllegalArgumentException(ports.get(i).name() + " = " + values[i]
            + " does not fit " + ports.get(i).width() + " bits");
      }
    }
  }

  private static BigInteger[] big(long... values) {
    BigInteger[] b = new BigInteger[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = BigInteger.valueOf(values[i]);
    }
    return b;
  }

  static String tail(String log) {
    String[] lines = log.split("\n");
    int from = Math.max(0, lines.length - 60);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i >= from || lines[i].startsWith("MISMATCH") || lines[i].startsWith("HOLD")) {
        if (sb.length() < 20000) {
          sb.append(lines[i]).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
