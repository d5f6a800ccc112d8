package nms.rtl.hdl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulation-only checks of one module (see the package doc, "Assertions"): what {@link
 * Module}'s {@code assert*} calls collect, emitted as one {@code `ifndef SYNTHESIS} block at the
 * end of the module.
 *
 * <p>Every property becomes a reset-gated immediate assertion in one {@code always @(posedge
 * clk_i or negedge rst_ni)} block, as OpenTitan's {@code ASSERT} macros expand for Verilator and Yosys. What a
 * property remembers across cycles (the stalled beat, the beat count, the outstanding count) is
 * kept in {@code assert_*_q} registers declared inside the same block, so synthesis sees neither
 * the checks nor their state. Assertion reads do not count as reads for the builder's unread-bit
 * check: a signal only an assertion looks at is still reported, so the synthesized netlist stays
 * free of dead logic.
 */
final class Assertions {
  private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  /** Cycle counter width: never wraps in any simulation. */
  static final int CYCLE_WIDTH = 64;

  private final Module module;
  private final Set<String> labels = new LinkedHashSet<>();
  private final List<Check> checks = new ArrayList<>();
  private final List<State> states = new ArrayList<>();

  Assertions(Module module) {
    this.module = module;
  }

  boolean isEmpty() {
    return checks.isEmpty();
  }

  /** Label to message of every emitted check, in emission order. */
  java.util.Map<String, String> summary() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (Check c : checks) {
      m.put(c.label, c.message);
    }
    return m;
  }

  /** One immediate assertion: {@code cond} must hold at every rising edge out of reset. */
  record Check(String label, Expr cond, String message, List<Expr> values, String origin,
      boolean xPasses) {}

  /**
   * A simulation-only register: {@code next} is loaded every edge ({@code reset} null: no reset,
   * e.g. a sampled data word) or reset to {@code reset}.
   */
  record State(String name, int width, Expr next, Long reset) {}

  void check(String label, Expr cond, String message, List<Expr> values) {
    check(label, cond, message, values, false);
  }

  /**
   * {@code xPasses}: an unknown condition (4-state X in Icarus) is no failure, only a known 0
   * is. For bounds on data values, which a parent may feed with garbage it then ignores (an
   * engine lane whose anchor is not loaded yet); handshake and framing checks stay strict.
   */
  void check(String label, Expr cond, String message, List<Expr> values, boolean xPasses) {
    Expr.requireBit("condition of assertion '" + label + "'", cond);
    Design.checkOneLine("message of assertion '" + label + "'", message);
    if (message.indexOf('"') >= 0 || message.indexOf('\\') >= 0) {
      throw HdlException.here("message of assertion '" + label + "' must not contain \" or \\");
    }
    own(cond);
    for (Expr v : values) {
      own(v);
    }
    checks.add(new Check(label, cond, message, List.copyOf(values), SourceLocation.caller(),
        xPasses));
  }

  /** Claims {@code label} for one property; names it and its state in messages and signals. */
  void claimLabel(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw HdlException.here(
          "assertion label '" + label + "' must be lower_snake_case ([a-z][a-z0-9]*(_[a-z0-9]+)*)");
    }
    if (!labels.add(label)) {
      throw HdlException.here(
          "assertion label '" + label + "' is already used in module '" + module.name() + "'");
    }
    module.clockOrReset("clk_i", "assertion '" + label + "'");
    module.clockOrReset("rst_ni", "assertion '" + label + "'");
  }

  /** A simulation-only register {@code assert_<base>_q}; drive it with {@link #next}. */
  Signal state(String base, int width, Long reset) {
    Expr.checkWidth(width);
    String name = "assert_" + base + "_q";
    Signal q = new Signal(module, name, width, Signal.Kind.WIRE, null);
    module.claimAssertionName(name, q);
    states.add(new State(name, width, null, reset));
    return q;
  }

  void next(Signal q, Expr value) {
    if (q.width() != value.width()) {
      throw WidthException.of(
          "width mismatch in assertion state '" + q.name() + "': " + q.width() + " bit(s), value '"
              + Expr.shortText(value) + "' is " + value.width() + " bit(s)",
          q.name(), q.width(), value.width(), "state the change with zext, trunc or resize");
    }
    own(value);
    for (int i = 0; i < states.size(); i++) {
      State s = states.get(i);
      if (s.name.equals(q.name())) {
        if (s.next != null) {
          throw HdlException.here("assertion state '" + q.name() + "' is driven twice");
        }
        states.set(i, new State(s.name, s.width, value, s.reset));
        return;
      }
    }
    throw HdlException.here("'" + q.name() + "' is not an assertion state");
  }

  private void own(Expr e) {
    e.visitUses((signal, hi, lo) -> module.ownSignal(signal));
  }

  /** The block, from the blank line before {@code `ifndef SYNTHESIS} to its {@code `endif}. */
  void emit(StringBuilder sb) {
    if (checks.isEmpty()) {
      return;
    }
    String cycle = "assert_cycle_q";
    sb.append("\n`ifndef SYNTHESIS\n");
    sb.append("  // Assertions: simulation only (Verilator --assert, Icarus -g2012), never"
        + " synthesized.\n");
    sb.append("  // A failure prints ASSERTION FAILED <module>.<label> with the cycle since reset"
        + " and stops with $fatal.\n");
    sb.append("  logic [").append(CYCLE_WIDTH - 1).append(":0] ").append(cycle).append(";\n");
    for (State s : states) {
      sb.append("  logic ").append(s.width == 1 ? "" : "[" + (s.width - 1) + ":0] ")
          .append(s.name).append(";\n");
    }
    sb.append("\n  always_ff @(posedge clk_i or negedge rst_ni) begin\n");
    sb.append("    if (!rst_ni) begin\n");
    sb.append("      ").append(cycle).append(" <= ").append(CYCLE_WIDTH).append("'d0;\n");
    for (State s : states) {
      if (s.reset != null) {
        sb.append("      ").append(s.name).append(" <= ")
            .append(Expr.lit(s.width, s.reset).verilog()).append(";\n");
      }
    }
    sb.append("    end else begin\n");
    sb.append("      ").append(cycle).append(" <= ").append(cycle).append(" + ")
        .append(CYCLE_WIDTH).append("'d1;\n");
    for (State s : states) {
      if (s.reset != null) {
        sb.append("      ").append(s.name).append(" <= ").append(s.next.verilog(true))
            .append(";\n");
      }
    }
    sb.append("    end\n");
    sb.append("  end\n");
    boolean unreset = false;
    for (State s : states) {
      unreset |= s.reset == null;
    }
    if (unreset) {
      sb.append("\n  always_ff @(posedge clk_i) begin\n");
      for (State s : states) {
        if (s.reset == null) {
          sb.append("    ").append(s.name).append(" <= ").append(s.next.verilog(true))
              .append(";\n");
        }
      }
      sb.append("  end\n");
    }
    // The same async reset sensitivity as every flop: rst_ni used synchronously would be
    // Verilator's SYNCASYNCNET. The falling reset edge itself checks nothing.
    sb.append("\n  always @(posedge clk_i or negedge rst_ni) begin\n");
    sb.append("    if (rst_ni) begin\n");
    for (Check c : checks) {
      StringBuilder fmt = new StringBuilder("ASSERTION FAILED ")
          .append(module.name()).append('.').append(c.label)
          .append(" cycle=%0d time=%0t (%m): ").append(c.message.replace("%", "%%"));
      StringBuilder args = new StringBuilder(cycle + ", $time");
      String sep = "; ";
      for (Expr v : c.values) {
        fmt.append(sep).append(v.verilog(true).replace("%", "%%")).append("=0x%0h");
        sep = ", ";
        args.append(", ").append(v.verilog(true));
      }
      sb.append("      // ").append(c.label).append(" (").append(c.origin).append(")\n");
      sb.append(c.xPasses ? "      assert ((" : "      assert (").append(c.cond.verilog(true))
          .append(c.xPasses ? ") !== 1'b0)\n" : ")\n");
      sb.append("        else $fatal(1, \"").append(fmt).append("\", ").append(args)
          .append(");\n");
    }
    sb.append("    end\n");
    sb.append("  end\n");
    sb.append("`endif\n");
  }

  void checkDriven(List<String> problems) {
    for (State s : states) {
      if (s.next == null) {
        problems.add("assertion state '" + s.name + "' is never driven");
      }
    }
  }
}
