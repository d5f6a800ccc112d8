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

  // Every IEEE 1800-2017 keyword (Annex B) that fits lower_snake_case: a name like "within" or
  // "dist" would otherwise reach the tools as a syntax error.
  private static final Set<String> KEYWORDS =
      Set.of(
          "accept_on", "alias", "always", "always_comb", "always_ff", "always_latch", "and",
          "assert", "assign", "assume", "automatic", "before", "begin", "bind", "bins", "binsof",
          "bit", "break", "buf", "bufif0", "bufif1", "byte", "case", "casex", "casez", "cell",
          "chandle", "checker", "class", "clocking", "cmos", "config", "const", "constraint",
          "context", "continue", "cover", "covergroup", "coverpoint", "cross", "deassign",
          "default", "defparam", "design", "disable", "dist", "do", "edge", "else", "end",
          "endcase", "endchecker", "endclass", "endclocking", "endconfig", "endfunction",
          "endgenerate", "endgroup", "endinterface", "endmodule", "endpackage", "endprimitive",
          "endprogram", "endproperty", "endspecify", "endsequence", "endtable", "endtask", "enum",
          "event", "eventually", "expect", "export", "extends", "extern", "final", "first_match",
          "for", "force", "foreach", "forever", "fork", "forkjoin", "function", "generate",
          "genvar", "global", "highz0", "highz1", "if", "iff", "ifnone", "ignore_bins",
          "illegal_bins", "implements", "implies", "import", "incdir", "include", "initial",
          "inout", "input", "inside", "instance", "int", "integer", "interconnect", "interface",
          "intersect", "join", "join_any", "join_none", "large", "let", "liblist", "library",
          "local", "localparam", "logic", "longint", "macromodule", "matches", "medium",
          "modport", "module", "nand", "negedge", "nettype", "new", "nexttime", "nmos", "nor",
          "noshowcancelled", "not", "notif0", "notif1", "null", "or", "output", "package",
          "packed", "parameter", "pmos", "posedge", "primitive", "priority", "program",
          "property", "protected", "pull0", "pull1", "pulldown", "pullup", "pulsestyle_ondetect",
          "pulsestyle_onevent", "pure", "rand", "randc", "randcase", "randsequence", "rcmos",
          "real", "realtime", "ref", "reg", "reject_on", "release", "repeat", "restrict",
          "return", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "s_always", "s_eventually",
          "s_nexttime", "s_until", "s_until_with", "scalared", "sequence", "shortint",
          "shortreal", "showcancelled", "signed", "small", "soft", "solve", "specify",
          "specparam", "static", "string", "strong", "strong0", "strong1", "struct", "super",
          "supply0", "supply1", "sync_accept_on", "sync_reject_on", "table", "tagged", "task",
          "this", "throughout", "time", "timeprecision", "timeunit", "tran", "tranif0", "tranif1",
          "tri", "tri0", "tri1", "triand", "trior", "trireg", "type", "typedef", "union",
          "unique", "unique0", "unsigned", "until", "until_with", "untyped", "use", "uwire",
          "var", "vectored", "virtual", "void", "wait", "wait_order", "wand", "weak", "weak0",
          "weak1", "while", "wildcard", "wire", "with", "within", "wor", "xnor", "xor");

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

  /** Wires and memories: plain snake case without a port or register suffix, not a keyword. */
  static void checkInternal(String kind, String name) {
    checkSnake(kind, name);
    checkSuffixes(kind, name);
  }

  /**
   * A register base name: as {@link #checkInternal}, but it may be a keyword ("dist"), since only
   * {@code name_q} and {@code name_d} are ever emitted.
   */
  static void checkRegister(String name) {
    checkPattern("register", name);
    checkSuffixes("register", name);
  }

  private static void checkSuffixes(String kind, String name) {
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
    checkPattern(kind, name);
    if (KEYWORDS.contains(name)) {
      throw HdlException.here(kind + " name '" + name + "' is a SystemVerilog keyword");
    }
  }

  private static void checkPattern(String kind, String name) {
    if (name == null || !SNAKE.matcher(name).matches()) {
      throw HdlException.here(
          kind + " name '" + name + "' must be lower_snake_case ([a-z][a-z0-9]*(_[a-z0-9]+)*)");
    }
  }
}
