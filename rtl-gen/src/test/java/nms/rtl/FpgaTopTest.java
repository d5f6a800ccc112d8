package nms.rtl;

import nms.rtl.hdl.Eda;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <unit>_fpga_top} in Icarus: a word shifted in through {@code scan_i} reaches the unit's
 * inputs in port order, and the unit's outputs come back out of {@code scan_o} most significant bit
 * first, so every input and output is reachable through the five pins.
 */
class FpgaTopTest {
  @TempDir Path tmp;

  @Test
  void inputsShiftInAndOutputsShiftOutThroughFivePins() throws Exception {
    NmsConfig c = NmsConfig.defaults().withAll(List.of("dims=16", "lanes=2"));
    RtlEmitter.Emitted e = RtlEmitter.emitWithFpgaTops(c);
    // One wrapper per unit, in the emitter's unit order.
    assertEquals(e.units().stream().map(u -> u + "_fpga_top").toList(), e.fpgaTops());
    assertTrue(e.fpgaTops().contains("nms_engine_fpga_top"), e.fpgaTops().toString());
    assertEquals(List.of("nms_distance.sv", "nms_distance_fpga_top.sv"),
        e.filelist("nms_distance_fpga_top"));
    String top = e.files().get("nms_distance_fpga_top.sv");
    assertTrue(top.contains("module nms_distance_fpga_top (\n  input  logic clk_i,\n"
        + "  input  logic rst_ni,\n  input  logic shift_i,\n  input  logic scan_i,\n"
        + "  output logic scan_o\n);"), top);
    Path dir = tmp.resolve("rtl");
    e.writeTo(dir);

    int w = c.pixelWidth();
    int distWidth = c.formats().distWidth;
    int inBits = 3 + 2 * 2 * w + 1; // in_valid, in_first, in_last, a_i, b_i, out_ready
    int outBits = 2 + distWidth; // in_ready, out_valid, dist
    int[] a = {200, 17};
    int[] b = {3, 250};
    // Every beat is a whole pair (first and last set), so dist is the two lanes' squares.
    BigInteger word = BigInteger.ZERO;
    for (long[] field : new long[][] {{1, 1}, {1, 1}, {1, 1}, {(long) a[1] << w | a[0], 2 * w},
        {(long) b[1] << w | b[0], 2 * w}, {1, 1}}) {
      word = word.shiftLeft((int) field[1]).or(BigInteger.valueOf(field[0]));
    }
    long dist = (long) (a[0] - b[0]) * (a[0] - b[0]) + (long) (a[1] - b[1]) * (a[1] - b[1]);
    BigInteger expected = BigInteger.valueOf(3).shiftLeft(distWidth).or(BigInteger.valueOf(dist));

    String tb = "module tb;\n"
        + "  logic clk = 1'b0;\n  logic rst_n = 1'b0;\n  logic shift = 1'b0;\n  logic scan_in = 1'b0;\n"
        + "  logic scan_out;\n"
        + "  logic [" + (inBits - 1) + ":0] word = " + inBits + "'h" + word.toString(16) + ";\n"
        + "  logic [" + (outBits - 1) + ":0] got;\n"
        + "  integer i;\n"
        + "  nms_distance_fpga_top dut (.clk_i(clk), .rst_ni(rst_n), .shift_i(shift), .scan_i(scan_in),"
        + " .scan_o(scan_out));\n"
        + "  always #5 clk = ~clk;\n"
        + "  initial begin\n"
        + "    repeat (2) @(negedge clk);\n"
        + "    rst_n = 1'b1;\n"
        + "    repeat (3) @(negedge clk);\n"
        // shift_q follows shift_i one edge later; the chain shifts on the edges after that.
        + "    shift = 1'b1;\n"
        + "    for (i = " + (inBits - 1) + "; i >= 0; i = i - 1) begin\n"
        + "      @(negedge clk);\n"
        + "      scan_in = word[i];\n"
        + "      if (i == 0) shift = 1'b0;\n"
        + "    end\n"
        + "    repeat (20) @(negedge clk);\n"
        + "    shift = 1'b1;\n"
        + "    for (i = " + (outBits - 1) + "; i >= 0; i = i - 1) begin\n"
        + "      @(negedge clk);\n"
        + "      got[i] = scan_out;\n"
        + "    end\n"
        + "    $display(\"GOT %h\", got);\n"
        + "    $finish;\n"
        + "  end\n"
        + "endmodule\n";
    Files.writeString(tmp.resolve("tb.sv"), tb);
    Path image = tmp.resolve("sim.vvp").toAbsolutePath();
    // As synthesis sees it (-DSYNTHESIS, the unit's assertions left out): the scan chain is the
    // unit's sender here, and while it shifts (or before, X) its bits break every handshake rule.
    Eda.run(dir, List.of("iverilog", "-g2012", "-DSYNTHESIS", "-o", image.toString(), "-s", "tb",
        "-c", "nms_distance_fpga_top.f", tmp.resolve("tb.sv").toAbsolutePath().toString()));
    String log = Eda.run(tmp, List.of("vvp", "-n", image.toString()));
    Matcher m = Pattern.compile("GOT ([0-9a-fA-FxXzZ]+)").matcher(log);
    assertTrue(m.find(), log);
    assertEquals(expected.toString(16), new BigInteger(m.group(1), 16).toString(16),
        "in_ready, out_valid and dist_o shifted out of scan_o; log:\n" + log);
  }
}
