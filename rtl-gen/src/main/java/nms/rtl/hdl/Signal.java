package nms.rtl.hdl;

import java.math.BigInteger;
import java.util.BitSet;

/**
 * A named value of a module: a port, a wire, one side of a register, or a constant. Created only
 * through {@link Module}; records where the generator declared it and, for the emit-time checks,
 * who drives it and which of its bits are read.
 */
public final class Signal extends Expr {
  enum Kind {
    INPUT,
    OUTPUT,
    WIRE,
    REG_Q,
    REG_D,
    CONSTANT;

    /** Whether generator logic (assign, comb block, ROM, instance output) may drive it. */
    boolean drivable() {
      return this == OUTPUT || this == WIRE || this == REG_D;
    }

    /** Whether Verilator reports it when some bits are never read. */
    boolean mustBeRead() {
      return this == INPUT || this == WIRE || this == REG_Q || this == CONSTANT;
    }
  }

  private final Module module;
  private final String name;
  private final Kind kind;
  private final String declaredAt;
  private final BigInteger constantValue;
  private final BitSet readBits = new BitSet();
  private String driver;

  Signal(Module module, String name, int width, Kind kind, BigInteger constantValue) {
    super(width);
    this.module = module;
    this.name = name;
    this.kind = kind;
    this.constantValue = constantValue;
    this.declaredAt = SourceLocation.caller();
  }

  public String name() {
    return name;
  }

  public Module module() {
    return module;
  }

  Kind kind() {
    return kind;
  }

  /** Whether this is an input port of its module (wrappers walk a module's ports). */
  public boolean isInput() {
    return kind == Kind.INPUT;
  }

  /** Whether this is an output port of its module. */
  public boolean isOutput() {
    return kind == Kind.OUTPUT;
  }

  String declaredAt() {
    return declaredAt;
  }

  /** Value of a {@link Kind#CONSTANT}; null otherwise. */
  BigInteger constantValue() {
    return constantValue;
  }

  /** Description of the current driver, or null when nothing drives it yet. */
  String driver() {
    return driver;
  }

  void setDriver(String description) {
    if (!kind.drivable()) {
      throw HdlException.here(
          "'" + name + "' is " + kindText() + " and cannot be driven by " + description);
    }
    if (driver != null) {
      throw HdlException.here(
          "'" + name + "' already driven by " + driver + "; a second driver (" + description
              + ") would be a multi-driven net");
    }
    driver = description + " at " + SourceLocation.caller();
  }

  void markRead(int hi, int lo) {
    readBits.set(lo, hi + 1);
  }

  /** The bits nobody reads, as Verilog ranges like "[7:4], [1]"; empty when all are read. */
  String unreadRanges() {
    StringBuilder sb = new StringBuilder();
    int hi = width() - 1;
    while (hi >= 0) {
      if (readBits.get(hi)) {
        hi--;
        continue;
      }
      int lo = hi;
      while (lo > 0 && !readBits.get(lo - 1)) {
        lo--;
      }
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(hi == lo ? "[" + hi + "]" : "[" + hi + ":" + lo + "]");
      hi = lo - 1;
    }
    return sb.toString();
  }

  boolean readBitsEmpty() {
    return readBits.isEmpty();
  }

  boolean fullyRead() {
    return readBits.cardinality() == width();
  }

  String kindText() {
    switch (kind) {
      case INPUT:
        return "an input port";
      case OUTPUT:
        return "an output port";
      case WIRE:
        return "a wire";
      case REG_Q:
        return "a register output (_q, driven by its flop)";
      case REG_D:
        return "a register next-state (_d)";
      default:
        return "a constant";
    }
  }

  @Override
  String verilog(boolean bare) {
    return name;
  }

  @Override
  Expr sliceInRange(int hi, int lo) {
    return new Slice(this, hi, lo);
  }

  @Override
  void visitUses(UseSink sink) {
    sink.use(this, width() - 1, 0);
  }
}
