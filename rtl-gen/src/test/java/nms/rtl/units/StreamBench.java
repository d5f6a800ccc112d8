package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Module;

/**
 * A self-checking SystemVerilog testbench for one valid/ready stream unit, generated from Java:
 * input beats and expected output beats come from the golden twin and are read with
 * {@code $readmemh}. The bench drives the input with random gaps (valid held until accepted),
 * applies random output back-pressure, compares every output beat in order, checks that the
 * outputs hold while {@code out_valid_o && !out_ready_i}, and prints one RESULT line. Built once
 * with {@code verilator --binary --timing}, run with several gap/back-pressure settings.
 */
final class StreamBench {
  /** A data port of the unit, in the order its fields are packed (first = most significant). */
  record Field(String name, int width) {}

  /** What one run reports; {@code outTimes[k]} is the cycle output beat k was taken. */
  record Result(int errors, int outputs, long cycles, long[] outTimes, String log) {}

  private final Path dir;
  private final Design design;
  private final Module dut;
  private final List<Field> in;
  private final List<Field> out;
  private final List<BigInteger> inBeats = new ArrayList<>();
  private final List<BigInteger> outBeats = new ArrayList<>();
  private boolean built;
  private long timeoutCycles = 1_000_000;

  StreamBench(Path dir, Design design, Module dut, List<Field> in, List<Field> out) {
    this.dir = dir;
    this.design = design;
    this.dut = dut;
    this.in = List.copyOf(in);
    this.out = List.copyOf(out);
  }

  /** One input beat, a value per input field in declaration order. */
  StreamBench input(long... values) {
    inBeats.add(pack(in, values));
    return this;
  }

  /** One expected output beat, a value per output field in declaration order. */
  StreamBench expect(long... values) {
    outBeats.add(pack(out, values));
    return this;
  }

  /** Cycles after which a run gives up (a hung unit fails instead of spinning for ever). */
  StreamBench timeout(long cycles) {
    timeoutCycles = cycles;
    return this;
  }

  int outputs() {
    return outBeats.size();
  }

  private static BigInteger pack(List<Field> fields, long[] values) {
    if (values.length != fields.size()) {
      throw new IllegalArgumentException("expected " + fields.size() + " values");
    }
    BigInteger v = BigInteger.ZERO;
    for (int i = 0; i < values.length; i++) {
      BigInteger x = BigInteger.valueOf(values[i]);
      if (values[i] < 0 || x.bitLength() > fields.get(i).width()) {
        throw new IllegalArgumentException(fields.get(i) + " cannot hold " + values[i]);
      }
      v = v.shiftLeft(fields.get(i).width()).or(x);
    }
    return v;
  }

  private static int width(List<Field> fields) {
    return fields.stream().mapToInt(Field::width).sum();
  }

  /** Writes the RTL, the bench and the vectors, and builds the simulator once. */
  void build() throws IOException, InterruptedException {
    if (built) {
      return;
    }
    Files.createDirectories(dir);
    Path rtl = dir.resolve("rtl");
    List<String> sources = Eda.write(design, dut, rtl);
    writeHex(dir.resolve("in.hex"), inBeats, width(in));
    writeHex(dir.resolve("exp.hex"), outBeats, width(out));
    Files.writeString(dir.resolve("tb.sv"), bench(), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of("verilator", "--binary", "--timing",
        "--top-module", "tb", "-Mdir", "obj", "-o", "simv", "tb.sv"));
    for (String s : sources) {
      cmd.add("rtl/" + s);
    }
    Eda.run(dir, cmd);
    built = true;
  }

  /**
   * Runs the simulation with {@code validPct}% input valid and {@code readyPct}% output ready
   * probability per cycle and asserts a clean, complete run.
   */
  Result run(int validPct, int readyPct, int seed) throws IOException, InterruptedException {
    build();
    String log = Eda.run(dir, List.of("./obj/simv", "+valid_pct=" + validPct,
        "+ready_pct=" + readyPct, "+seed=" + seed));
    Matcher r = Pattern.compile("RESULT errors=(\\d+) outputs=(\\d+) cycles=(\\d+)").matcher(log);
    assertTrue(r.find(), "no RESULT line (timeout?):\n" + tail(log));
    long[] times = new long[outBeats.size()];
    Matcher t = Pattern.compile("OUT (\\d+) (\\d+)").matcher(log);
    while (t.find()) {
      times[Integer.parseInt(t.group(1))] = Long.parseLong(t.group(2));
    }
    Result res = new Result(Integer.parseInt(r.group(1)), Integer.parseInt(r.group(2)),
        Long.parseLong(r.group(3)), times, log);
    String what = dut.name() + " valid " + validPct + "% ready " + readyPct + "%";
    assertEquals(0, res.errors(), what + ": mismatches\n" + tail(log));
    assertEquals(outBeats.size(), res.outputs(), what + ": outputs\n" + tail(log));
    return res;
  }

  private static String tail(String log) {
    return log.length() < 6000 ? log : log.substring(0, 3000) + "\n...\n"
        + log.substring(log.length() - 3000);
  }

  private static void writeHex(Path file, List<BigInteger> beats, int width) throws IOException {
    int digits = (width + 3) / 4;
    StringBuilder sb = new StringBuilder();
    for (BigInteger b : beats) {
      String h = b.toString(16);
      sb.append("0".repeat(digits - h.length())).append(h).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.US_ASCII);
  }

  private String bench() {
    int inW = width(in);
    int outW = width(out);
    StringBuilder sb = new StringBuilder();
    sb.append("// Self-checking stream testbench for ").append(dut.name())
        .append(", generated by StreamBench from the golden model.\n");
    sb.append("module tb;\n");
    sb.append("  localparam int NIn = ").append(inBeats.size()).append(";\n");
    sb.append("  localparam int NOut = ").append(outBeats.size()).append(";\n");
    sb.append("  logic clk_i = 1'b0;\n  logic rst_ni = 1'b0;\n");
    sb.append("  logic in_valid_i = 1'b0;\n  logic in_ready_o;\n");
    sb.append("  logic out_valid_o;\n  logic out_ready_i = 1'b0;\n");
    for (Field f : in) {
      sb.append("  logic ").append(range(f.width())).append(f.name()).append(";\n");
    }
    for (Field f : out) {
      sb.append("  logic ").append(range(f.width())).append(f.name()).append(";\n");
    }
    sb.append("  logic ").append(range(inW)).append("in_mem [NIn];\n");
    sb.append("  logic ").append(range(outW)).append("exp_mem [NOut];\n");
    sb.append("  logic ").append(range(inW)).append("in_beat;\n");
    sb.append("  logic ").append(range(outW)).append("got;\n");
    sb.append("  logic ").append(range(outW)).append("held = '0;\n");
    sb.append("  logic stalled = 1'b0;\n");
    sb.append("  int in_idx = 0;\n  int out_idx = 0;\n  int errors = 0;\n");
    sb.append("  int valid_pct;\n  int ready_pct;\n  int seed;\n");
    sb.append("  longint cycle = 0;\n  logic [31:0] rnd;\n\n");

    sb.append("  ").append(dut.name()).append(" dut (\n");
    List<String> conns = new ArrayList<>();
    for (var p : dut.ports()) {
      conns.add("    ." + p.name() + "(" + p.name() + ")");
    }
    sb.append(String.join(",\n", conns)).append("\n  );\n\n");

    sb.append("  assign in_beat = in_mem[in_idx < NIn ? in_idx : 0];\n");
    sb.append("  assign {").append(names(in)).append("} = in_beat;\n");
    sb.append("  assign got = {").append(names(out)).append("};\n\n");

    sb.append("  always #5 clk_i = ~clk_i;\n\n");
    sb.append("  function automatic logic [31:0] xorshift(logic [31:0] x);\n");
    sb.append("    logic [31:0] y = x ^ (x << 13);\n");
    sb.append("    y = y ^ (y >> 17);\n");
    sb.append("    return y ^ (y << 5);\n");
    sb.append("  endfunction\n\n");
    sb.append("  function automatic logic chance(logic [31:0] r, int pct);\n");
    sb.append("    return int'(r % 32'd100) < pct;\n");
    sb.append("  endfunction\n\n");

    sb.append("  initial begin\n");
    sb.append("    $readmemh(\"in.hex\", in_mem);\n");
    sb.append("    $readmemh(\"exp.hex\", exp_mem);\n");
    sb.append("    if (!$value$plusargs(\"valid_pct=%d\", valid_pct)) valid_pct = 100;\n");
    sb.append("    if (!$value$plusargs(\"ready_pct=%d\", ready_pct)) ready_pct = 100;\n");
    sb.append("    if (!$value$plusargs(\"seed=%d\", seed)) seed = 1;\n");
    sb.append("    rnd = 32'(seed) * 32'd2654435761 + 32'd1;\n");
    sb.append("    #22 rst_ni = 1'b1;\n");
    sb.append("  end\n\n");

    sb.append("  always @(posedge clk_i) begin\n");
    sb.append("    if (rst_ni) begin\n");
    sb.append("      cycle <= cycle + 1;\n");
    sb.append("      rnd <= xorshift(xorshift(rnd));\n");
    sb.append("      // Input: valid stays up until the beat is accepted.\n");
    sb.append("      if (in_valid_i && in_ready_o) begin\n");
    sb.append("        in_idx <= in_idx + 1;\n");
    sb.append("        in_valid_i <= (in_idx + 1 < NIn) && chance(rnd, valid_pct);\n");
    sb.append("      end else if (!in_valid_i) begin\n");
    sb.append("        in_valid_i <= (in_idx < NIn) && chance(rnd, valid_pct);\n");
    sb.append("      end\n");
    sb.append("      out_ready_i <= chance(rnd >> 16, ready_pct);\n");
    sb.append("      // Output: held while stalled, compared in order when taken.\n");
    sb.append("      if (stalled && (!out_valid_o || got !== held)) begin\n");
    sb.append("        $display(\"HOLD VIOLATION at cycle %0d\", cycle);\n");
    sb.append("        errors = errors + 1;\n");
    sb.append("      end\n");
    sb.append("      stalled <= out_valid_o && !out_ready_i;\n");
    sb.append("      held <= got;\n");
    sb.append("      if (out_valid_o && out_ready_i) begin\n");
    sb.append("        if (out_idx >= NOut) begin\n");
    sb.append("          $display(\"EXTRA OUTPUT %h at cycle %0d\", got, cycle);\n");
    sb.append("          errors = errors + 1;\n");
    sb.append("        end else if (got !== exp_mem[out_idx]) begin\n");
    sb.append("          $display(\"MISMATCH %0d: got %h expected %h\", out_idx, got, "
        + "exp_mem[out_idx]);\n");
    sb.append("          errors = errors + 1;\n");
    sb.append("        end\n");
    sb.append("        $display(\"OUT %0d %0d\", out_idx, cycle);\n");
    sb.append("        out_idx <= out_idx + 1;\n");
    sb.append("        if (out_idx + 1 == NOut) begin\n");
    sb.append("          $display(\"RESULT errors=%0d outputs=%0d cycles=%0d\", errors, "
        + "out_idx + 1, cycle + 1);\n");
    sb.append("          $finish;\n");
    sb.append("        end\n");
    sb.append("      end\n");
    sb.append("      if (cycle > ").append(timeoutCycles).append(") begin\n");
    sb.append("        $display(\"TIMEOUT after %0d outputs\", out_idx);\n");
    sb.append("        $finish;\n");
    sb.append("      end\n");
    sb.append("    end\n");
    sb.append("  end\n");
    sb.append("endmodule\n");
    return sb.toString();
  }

  private static String names(List<Field> fields) {
    List<String> n = new ArrayList<>();
    for (Field f : fields) {
      n.add(f.name());
    }
    return String.join(", ", n);
  }

  private static String range(int width) {
    return width == 1 ? "" : "[" + (width - 1) + ":0] ";
  }
}
