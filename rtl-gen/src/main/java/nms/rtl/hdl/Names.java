package nms.rtl.hdl;

import java.util.Set;
import java.util.regex.Pattern;

/** lowRISC naming rules, checked when a name is declared so the error points at the generator. */
final class Names {
  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Pattern UPPER_CAMEL = Pattern.compile("[A-Z][a-zA-Z0-9]*");

  /** Suffixes reserved for ports and registers; plain wires must not look like either. */
  private static final String[] RESERVED_SUFFIXES = {"_i", "_ni", "_o", "_no", "_q", "_d"};

  /** The API's own sink for bits deliberately left unused (Verilator's default *unused* rule). */
  static final String UNUSED_SINK = "unused_bits";

  // SystemVerilog keywords that fit lower_snake_case and could plausibly be chosen as names.
  private static final Set<String> KEYWORDS =
      Set.of(
          "always", "always_comb", "always_ff", "always_latch", "and", "assign", "automatic",
          "begin", "bit", "buf", "byte", "case", "casex", "casez", "cell", "config", "const",
          "default", "disable", "do", "edge", "else", "end", "endcase", "endfunction",
          "endgenerate", "endmodule", "endtask", "enum", "event", "final", "for", "force",
          "forever", "function", "generate", "genvar", "if", "initial", "inout", "input", "int",
          "integer", "interface", "localparam", "logic", "longint", "module", "nand", "negedge",
          "nor", "not", "or", "output", "package", "packed", "parameter", "posedge", "priority",
          "real", "reg", "repeat", "return", "shortint", "signed", "string", "struct", "supply0",
          "supply1", "task", "time", "tri", "type", "typedef", "union", "unique", "unsigned",
          "var", "void", "wait", "while", "wire", "xnor", "xor");

  private Names() {}

  static void checkModule(String name) {
    checkSnake("module", name);
  }

  static void checkInput(String name) {
    checkSnake("input port", name);
    if (!name.endsWith("_i") && !name.endsWith("_ni")) {
      throw HdlException.here("input port '" + name + "' must end in _i (or _ni if active low)");
    }
  }

  static void checkOutput(String name) {
    checkSnake("output port", name);
    if (!name.endsWith("_o") && !name.endsWith("_no")) {
      throw HdlException.here("output port '" + name + "' must end in _o (or _no if active low)");
    }
  }

  /** Wires and register base names: plain snake case without a port or register suffix. */
  static void checkInternal(String kind, String name) {
    checkSnake(kind, name);
    for (String suffix : RESERVED_SUFFIXES) {
      if (name.endsWith(suffix)) {
        throw HdlException.here(
            kind
                + " '"
                + name
                + "' must not end in "
                + suffix
                + " (reserved for ports and registers; registers take a base name and get"
                + " _q/_d added)");
      }
    }
    if (name.equals(UNUSED_SINK)) {
      throw HdlException.here(kind + " name '" + name + "' is reserved for markUnused()");
    }
  }

  static void checkInstance(String name) {
    checkSnake("instance", name);
    if (!name.startsWith("u_")) {
      throw HdlException.here("instance '" + name + "' must start with u_");
    }
  }

  static void checkConstant(String name) {
    if (name == null || !UPPER_CAMEL.matcher(name).matches()) {
      throw HdlException.here(
          "constant '" + name + "' must be UpperCamelCase (lowRISC style for localparams)");
    }
  }

  private static void checkSnake(String kind, String name) {
    if (name == null || !SNAKE.matcher(name).matches()) {
      throw HdlException.here(
          kind + " name '" + name + "' must be lower_snake_case ([a-z][a-z0-9]*(_[a-z0-9]+)*)");
    }
    if (KEYWORDS.contains(name)) {
      throw HdlException.here(kind + " name '" + name + "' is a SystemVerilog keyword");
    }
  }
}
