package nms.rtl;

import java.util.ArrayList;
import java.util.List;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Instance;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * The FPGA synthesis and timing wrapper of one unit, {@code <unit>_fpga_top}: five pins whatever
 * the unit's port widths, so a unit with wide operands (nms_distance at 32 lanes of 16 bits has
 * 1024 operand bits) still fits a package, and every unit input and output stays observable, so
 * synthesis cannot optimise any of the unit away.
 *
 * <ul>
 *   <li>{@code in_chain}: a shift register holding every unit input except {@code clk_i} and
 *       {@code rst_ni}, concatenated in port order (first port most significant). While {@code
 *       shift} is high it shifts {@code scan_i} in at the bottom; otherwise it holds, driving the
 *       unit's inputs from flip-flops as a surrounding design would.
 *   <li>{@code out_chain}: every unit output, concatenated in port order. While {@code shift} is
 *       low it captures the outputs each cycle; while high it shifts towards {@code scan_o}, most
 *       significant bit first.
 *   <li>{@code shift_i} is registered once ({@code shift_q}) so no pin drives the chains'
 *       fan-out directly; {@code rst_ni} is synchronised (asynchronous assertion, synchronous
 *       release through two flops) before it resets the unit.
 *   <li>The chains have no reset: a reset net to hundreds of chain flops would take one of the
 *       iCE40's eight global buffers, which the unit's clock enables and resets need (with all
 *       eight in use, nextpnr's router1 looped on the 32-lane distance unit).
 * </ul>
 *
 * <p>Every path the wrapper adds runs flip-flop to flip-flop through at most one multiplexer, so
 * the reported Fmax is the unit core's whenever the critical path does not start or end in
 * {@code in_chain}, {@code out_chain}, {@code shift} or {@code rst_sync}; the synth report says
 * which is the case. Paths from {@code in_chain} into the unit are the unit's own input paths:
 * in a system its inputs come from registers too.
 */
public final class FpgaTop {
  /** The wrapper of unit {@code u} is {@code u + SUFFIX}. */
  public static final String SUFFIX = "_fpga_top";

  /** The wrapper's pins, in port order. */
  public static final List<String> PINS =
      List.of("clk_i", "rst_ni", "shift_i", "scan_i", "scan_o");

  /** Register names the wrapper adds around the unit instance (for critical-path reports). */
  public static final List<String> WRAPPER_REGISTERS =
      List.of("in_chain", "out_chain", "shift", "rst_sync");

  private FpgaTop() {}

  public static String name(String unit) {
    return unit + SUFFIX;
  }

  /** Unit inputs the chain drives: every input but the clock and the reset. */
  static List<Signal> dataInputs(Module unit) {
    List<Signal> ins = new ArrayList<>();
    for (Signal p : unit.ports()) {
      if (p.isInput() && !p.name().equals("clk_i") && !p.name().equals("rst_ni")) {
        ins.add(p);
      }
    }
    return ins;
  }

  static List<Signal> outputs(Module unit) {
    List<Signal> outs = new ArrayList<>();
    for (Signal p : unit.ports()) {
      if (p.isOutput()) {
        outs.add(p);
      }
    }
    return outs;
  }

  /** Total width of the unit's inputs behind {@code in_chain}. */
  public static int inputBits(Module unit) {
    return dataInputs(unit).stream().mapToInt(Signal::width).sum();
  }

  /** Total width of the unit's outputs behind {@code out_chain}. */
  public static int outputBits(Module unit) {
    return outputs(unit).stream().mapToInt(Signal::width).sum();
  }

  /** Builds {@code <unit>_fpga_top} into {@code design}, instantiating {@code unit}. */
  public static Module build(Design design, Module unit) {
    List<Signal> ins = dataInputs(unit);
    List<Signal> outs = outputs(unit);
    int inBits = inputBits(unit);
    int outBits = outputBits(unit);
    if (inBits == 0 || outBits == 0) {
      throw new IllegalArgumentException(
          unit.name() + " has no data inputs or no outputs; nothing to wrap");
    }
    Module m = design.module(name(unit.name()),
        "FPGA synthesis/timing wrapper of " + unit.name() + ": " + inBits
            + " input bits through a scan chain, " + outBits + " output bits captured and shifted"
            + " out, " + PINS.size() + " pins");
    Signal clk = m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal shiftIn = m.input("shift_i", 1);
    Signal scanIn = m.input("scan_i", 1);
    Signal scanOut = m.output("scan_o", 1);

    m.comment("Reset: asserted asynchronously, released synchronously after two clock edges");
    Reg rstSync = m.reg("rst_sync", 2, 0);
    rstSync.next(Expr.cat(rstSync.q().bit(0), Expr.lit(1, 1)));
    Signal coreRstN = m.wire("core_rst_n", rstSync.q().bit(1));
    Signal shift = m.reg("shift", 1, 0).next(shiftIn).q();

    m.comment("Unit inputs, port order, first port most significant: shifted in while shift_q");
    Reg inChain = m.regNoReset("in_chain", inBits);
    inChain.next(inBits == 1 ? scanIn : Expr.cat(inChain.q().slice(inBits - 2, 0), scanIn))
        .enableWhen(shift);

    Instance u = m.instance("u_" + unit.name(), unit);
    u.connect("clk_i", clk);
    u.connect("rst_ni", coreRstN);
    int top = inBits;
    for (Signal p : ins) {
      u.connect(p.name(), inChain.q().slice(top - 1, top - p.width()));
      top -= p.width();
    }
    Expr[] captured = new Expr[outs.size()];
    for (int i = 0; i < outs.size(); i++) {
      Signal p = outs.get(i);
      Signal w = m.wire("core_" + base(p.name()), p.width());
      u.connect(p.name(), w);
      captured[i] = w;
    }

    m.comment("Unit outputs, port order, first port most significant: captured every cycle while"
        + " !shift_q, shifted out towards scan_o (most significant bit first) while shift_q");
    Reg outChain = m.regNoReset("out_chain", outBits);
    Expr shifted = outBits == 1 ? Expr.lit(1, 0)
        : Expr.cat(outChain.q().slice(outBits - 2, 0), Expr.lit(1, 0));
    outChain.next(Expr.mux(shift, shifted, Expr.cat(captured)));
    m.assign(scanOut, outChain.q().bit(outBits - 1));
    return m;
  }

  /** {@code dist_o} -> {@code dist}, {@code ready_no} -> {@code ready_n}. */
  private static String base(String port) {
    if (port.endsWith("_no")) {
      return port.substring(0, port.length() - 3) + "_n";
    }
    return port.substring(0, port.length() - 2);
  }
}
