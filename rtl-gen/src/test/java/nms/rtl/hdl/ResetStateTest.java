package nms.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The datasheet's structural facts on a small hand-made pipeline with a child: reset values
 * through the output logic (three-valued: an unknown input does not matter where a known bit
 * decides), and which inputs reach which outputs within a cycle, across the instance boundary.
 */
class ResetStateTest {
  /** A one-stage valid/ready buffer: in_ready_o = !valid_q || out_ready_i. */
  static Module stage(Design d) {
    Module m = d.module("stage", "one register stage");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal data = m.input("data_i", 8);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal outData = m.output("data_o", 8);
    Signal advance = m.wire("advance", 1);
    Reg valid = m.reg("valid", 1, 0).next(inValid).enableWhen(advance);
    Reg held = m.regNoReset("held", 8).next(data).enableWhen(advance);
    m.assign(advance, valid.q().not().or(outReady));
    m.assign(inReady, advance);
    m.assign(outValid, valid.q());
    m.assign(outData, held.q());
    return m;
  }

  @Test
  void resetValuesAndCombinationalPathsFollowTheLogicThroughAChild() {
    Design d = new Design("0.1.0", "abc");
    Module child = stage(d);
    Module top = d.module("top", "a stage plus a status word");
    Signal clk = top.input("clk_i", 1);
    Signal rst = top.input("rst_ni", 1);
    Signal inValid = top.input("in_valid_i", 1);
    Signal inReady = top.output("in_ready_o", 1);
    Signal data = top.input("data_i", 8);
    Signal outValid = top.output("out_valid_o", 1);
    Signal outReady = top.input("out_ready_i", 1);
    Signal outData = top.output("data_o", 8);
    Signal status = top.output("status_o", 4);
    Signal ready = top.wire("ready", 1);
    Signal valid = top.wire("valid", 1);
    top.instance("u_stage", child)
        .connect("clk_i", clk).connect("rst_ni", rst)
        .connect("in_valid_i", inValid).connect("in_ready_o", ready)
        .connect("data_i", data).connect("out_valid_o", valid)
        .connect("out_ready_i", outReady).connect("data_o", outData);
    Signal countNext = top.wire("count_next", 3);
    Reg count = top.reg("count", 3, 5).next(countNext).enableWhen(valid);
    top.assign(countNext, count.q().addWrap(1));
    top.assign(inReady, ready);
    top.assign(outValid, valid);
    // {count == 5, count}: known in reset although count_q's value is only known there.
    top.assign(status, Expr.cat(count.q().eq(5), count.q()));

    Map<String, BigInteger> reset = ResetState.outputsInReset(top);
    assertEquals(BigInteger.ONE, reset.get("in_ready_o"), "!valid_q || out_ready_i with valid 0");
    assertEquals(BigInteger.ZERO, reset.get("out_valid_o"));
    assertNull(reset.get("data_o"), "a register without reset is unknown");
    assertEquals(BigInteger.valueOf(0b1101), reset.get("status_o"));

    Map<String, List<String>> comb = ResetState.combinationalInputs(top);
    assertEquals(List.of("out_ready_i"), comb.get("in_ready_o"));
    assertEquals(List.of(), comb.get("out_valid_o"));
    assertEquals(List.of(), comb.get("data_o"));
    assertEquals(List.of(), comb.get("status_o"));
    assertArrayEquals(new int[] {1, 0, 0}, ResetState.storage(top));
    assertArrayEquals(new int[] {1, 1, 0}, ResetState.storage(child));
  }
}
