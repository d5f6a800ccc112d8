package nms.rtl.hdl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Verilog module under construction. Declarations and statements are kept in the order the
 * generator made them and emitted in that order, so the same generator run gives the same bytes.
 *
 * <p>Width errors are thrown as the generator calls; structural errors (undriven, unread bits,
 * unconnected ports, combinational loops) are collected and thrown by {@link #emit()}, because
 * only then is the module complete.
 */
public final class Module {
  private final Design design;
  private final String name;
  private final String description;

  private final Map<String, Object> names = new LinkedHashMap<>();
  private final Map<String, Signal> ports = new LinkedHashMap<>();
  private final List<Signal> constants = new ArrayList<>();
  private final List<Signal> internals = new ArrayList<>();
  private final List<Reg> regs = new ArrayList<>();
  private final List<Memory> memories = new ArrayList<>();
  private final List<Object> items = new ArrayList<>();
  private final List<Expr> unusedExprs = new ArrayList<>();
  private Signal unusedSink;
  private final Assertions assertions = new Assertions(this);

  Module(Design design, String name, String description) {
    Names.checkModule(name);
    Design.checkOneLine("description of module '" + name + "'", description);
    this.design = design;
    this.name = name;
    this.description = description;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  Design design() {
    return design;
  }

  // ---------------------------------------------------------------------------------------------
  // Declarations

  public Signal input(String name, int width) {
    Names.checkInput(name);
    return port(name, width, Signal.Kind.INPUT);
  }

  public Signal output(String name, int width) {
    Names.checkOutput(name);
    return port(name, width, Signal.Kind.OUTPUT);
  }

  /** A {@code logic} wire; drive it once with {@link #assign}, a comb block, a ROM or an instance. */
  public Signal wire(String name, int width) {
    Names.checkInternal("wire", name);
    return declare(new Signal(this, name, width, Signal.Kind.WIRE, null));
  }

  /** A wire of the value's width, assigned the value: names an intermediate result. */
  public Signal wire(String name, Expr value) {
    Signal w = wire(name, value.width());
    assign(w, value);
    return w;
  }

  /** A {@code localparam logic [w-1:0] Name = w'dV;}, UpperCamelCase as lowRISC names them. */
  public Signal constant(String name, int width, long value) {
    if (value < 0) {
      throw HdlException.here("constant " + name + " = " + value + " is negative");
    }
    return constant(name, width, BigInteger.valueOf(value));
  }

  public Signal constant(String name, int width, BigInteger value) {
    Names.checkConstant(name);
    Expr.checkWidth(width);
    if (value.signum() < 0 || value.bitLength() > width) {
      throw WidthException.of(
          "constant " + name + " = " + value + " needs " + value.bitLength()
              + " bit(s) but is declared " + width + " bit(s)",
          name, width, value.bitLength(), "widen the constant");
    }
    Signal c = new Signal(this, name, width, Signal.Kind.CONSTANT, value);
    claimName(name, c);
    constants.add(c);
    return c;
  }

  /** A register {@code name_q}/{@code name_d} with async active-low reset to {@code resetValue}. */
  public Reg reg(String name, int width, long resetValue) {
    if (resetValue < 0) {
      throw HdlException.here("reset value " + resetValue + " of '" + name + "' is negative");
    }
    return reg(name, width, BigInteger.valueOf(resetValue));
  }

  public Reg reg(String name, int width, BigInteger resetValue) {
    Names.checkRegister(name);
    Expr.checkWidth(width);
    if (resetValue.signum() < 0 || resetValue.bitLength() > width) {
      throw WidthException.of(
          "reset value " + resetValue + " of '" + name + "_q' needs " + resetValue.bitLength()
              + " bit(s) but the register is " + width + " bit(s)",
          name + "_q", width, resetValue.bitLength(),
          "widen the register or change the reset value");
    }
    read(clockOrReset("clk_i", name));
    read(clockOrReset("rst_ni", name));
    return makeReg(name, width, resetValue);
  }

  /**
   * A register without reset, for datapath values qualified by a valid bit and for registered
   * ROM reads (a reset on the read register would keep Yosys from using block RAM).
   */
  public Reg regNoReset(String name, int width) {
    Names.checkRegister(name);
    Expr.checkWidth(width);
    read(clockOrReset("clk_i", name));
    return makeReg(name, width, null);
  }

  private Reg makeReg(String name, int width, BigInteger resetValue) {
    Signal q = declare(new Signal(this, name + "_q", width, Signal.Kind.REG_Q, null));
    Signal d = declare(new Signal(this, name + "_d", width, Signal.Kind.REG_D, null));
    d.markRead(width - 1, 0); // the flop reads it
    Reg r = new Reg(this, q, d, resetValue);
    regs.add(r);
    return r;
  }

  Signal clockOrReset(String portName, String regName) {
    Signal s = ports.get(portName);
    if (s == null || s.kind() != Signal.Kind.INPUT || s.width() != 1) {
      throw HdlException.here(
          "register '" + regName + "' needs a 1-bit input port " + portName
              + "; declare it before the register");
    }
    return s;
  }

  /**
   * A memory of {@code depth} words of {@code width} bits with one synchronous write port (on
   * {@code clk_i}, no reset); see {@link Memory}.
   */
  public Memory memory(String name, int depth, int width) {
    Names.checkInternal("memory", name);
    Expr.checkWidth(width);
    if (depth < 1 || depth > MAX_MEMORY_DEPTH) {
      throw HdlException.here(
          "memory '" + name + "' depth " + depth + " is outside 1.." + MAX_MEMORY_DEPTH);
    }
    read(clockOrReset("clk_i", name));
    Memory mem = new Memory(this, name, depth, width);
    claimName(name, mem);
    memories.add(mem);
    return mem;
  }

  /** Deeper memories are almost certainly a generator bug. */
  static final int MAX_MEMORY_DEPTH = 1 << 24;

  // ---------------------------------------------------------------------------------------------
  // Logic

  /** {@code assign target = value;} with the widths required to match exactly. */
  public void assign(Signal target, Expr value) {
    ownSignal(target);
    if (target.width() != value.width()) {
      throw WidthException.of(
          "width mismatch assigning to '" + target.name() + "': target is " + target.width()
              + " bit(s), value '" + Expr.shortText(value) + "' is " + value.width() + " bit(s)",
          target.name(), target.width(), value.width(),
          "state the change with zext, trunc or resize (add keeps the carry, addWrap drops it)");
    }
    Set<Signal> reads = read(value);
    target.setDriver("assign");
    items.add(new Assign(target, value, reads));
  }

  /** A new {@code always_comb} block; {@code comment} (may be empty) is emitted above it. */
  public Comb comb(String comment) {
    Design.checkOneLine("comment", comment);
    Comb c = new Comb(this, comment);
    items.add(c);
    return c;
  }

  /**
   * A ROM: drives {@code target} with {@code contents[address]} (zero past the end) through a
   * case statement. Drive a wire for a combinational read, or a {@code regNoReset(...).d()} for
   * a registered read, which Yosys maps to block RAM on iCE40.
   */
  public void rom(Signal target, long[] contents, Expr address) {
    BigInteger[] values = new BigInteger[contents.length];
    for (int i = 0; i < contents.length; i++) {
      if (contents[i] < 0) {
        throw HdlException.here(
            "ROM entry " + i + " of '" + target.name() + "' is negative: " + contents[i]);
      }
      values[i] = BigInteger.valueOf(contents[i]);
    }
    rom(target, values, address);
  }

  public void rom(Signal target, BigInteger[] contents, Expr address) {
    ownSignal(target);
    if (contents.length == 0) {
      throw HdlException.here("ROM '" + target.name() + "' has no entries");
    }
    for (int i = 0; i < contents.length; i++) {
      BigInteger v = contents[i];
      if (v.signum() < 0 || v.bitLength() > target.width()) {
        throw WidthException.of(
            "ROM entry " + i + " (" + v + ") of '" + target.name() + "' needs " + v.bitLength()
                + " bit(s) but the data width is " + target.width() + " bit(s)",
            target.name(), target.width(), v.bitLength(),
            "widen the ROM data or rescale the table");
      }
    }
    int needed = Math.max(1, 32 - Integer.numberOfLeadingZeros(contents.length - 1));
    if (address.width() < needed) {
      throw WidthException.of(
          "ROM '" + target.name() + "' has " + contents.length + " entries and needs a "
              + needed + "-bit address but '" + Expr.shortText(address) + "' is "
              + address.width() + " bit(s)",
          target.name(), needed, address.width(), "zext the address or shorten the table");
    }
    Set<Signal> reads = read(address);
    target.setDriver("ROM");
    items.add(new Rom(target, contents.clone(), address, reads));
  }

  /** An instance of {@code child}; connect every port with {@link Instance#connect}. */
  public Instance instance(String name, Module child) {
    Names.checkInstance(name);
    if (child.design != design) {
      throw HdlException.here(
          "module '" + child.name + "' belongs to another Design; instantiate within one design");
    }
    if (child == this) {
      throw HdlException.here("module '" + name + "' cannot instantiate itself");
    }
    Instance inst = new Instance(this, child, name);
    claimName(name, inst);
    items.add(inst);
    return inst;
  }

  /**
   * Consumes bits that are unused by design (an input's spare bits, a product's low bits) so the
   * emit-time check and Verilator's UNUSED lint accept them: they are XOR-reduced into a 1-bit
   * {@code unused_bits} wire, which Verilator's default {@code *unused*} name rule exempts.
   */
  public void markUnused(Expr bits) {
    read(bits);
    if (unusedSink == null) {
      unusedSink = new Signal(this, Names.UNUSED_SINK, 1, Signal.Kind.WIRE, null);
      declare(unusedSink);
      unusedSink.setDriver("markUnused");
      unusedSink.markRead(0, 0);
    }
    unusedExprs.add(bits);
  }

  /** A short section comment emitted between items. */
  public void comment(String text) {
    Design.checkOneLine("comment", text);
    items.add(new Comment(text));
  }

  public List<Signal> ports() {
    return List.copyOf(ports.values());
  }

  Signal port(String name) {
    return ports.get(name);
  }

  // ---------------------------------------------------------------------------------------------
  // Assertions (simulation only; see the package doc)

  /**
   * {@code cond} holds at every rising edge of {@code clk_i} while {@code rst_ni} is high; a
   * failure prints the module, {@code label}, the cycle since reset, {@code message} and each of
   * {@code values}, and stops the simulation with a non-zero exit ({@code $fatal}).
   */
  public void assertAlways(String label, Expr cond, String message, Expr... values) {
    assertions.claimLabel(label);
    assertions.check(label, cond, message, List.of(values));
  }

  /** {@code cond} never holds out of reset. */
  public void assertNever(String label, Expr cond, String message, Expr... values) {
    assertions.claimLabel(label);
    Expr.requireBit("condition of assertion '" + label + "'", cond);
    assertions.check(label, cond.not(), message, List.of(values));
  }

  /** Whenever {@code antecedent} holds, so does {@code consequent} (same cycle). */
  public void assertImplies(
      String label, Expr antecedent, Expr consequent, String message, Expr... values) {
    assertions.claimLabel(label);
    Expr.requireBit("antecedent of assertion '" + label + "'", antecedent);
    Expr.requireBit("consequent of assertion '" + label + "'", consequent);
    assertions.check(label, antecedent.not().or(consequent), message, List.of(values));
  }

  /**
   * {@code value <= max} (a counter or an FSM state in range, an accumulator within the bound
   * the spec gives). A bound the width already enforces ({@code max >= 2^width - 1}) would be a
   * constant comparison Verilator warns about, so it is recorded nowhere and emits nothing.
   */
  public void assertAtMost(String label, Expr value, long max) {
    assertAtMost(label, value, BigInteger.valueOf(max));
  }

  public void assertAtMost(String label, Expr value, BigInteger max) {
    assertions.claimLabel(label);
    if (max.signum() < 0) {
      throw HdlException.here("bound " + max + " of assertion '" + label + "' is negative");
    }
    if (max.add(BigInteger.ONE).bitLength() > value.width()) {
      return; // max >= 2^width - 1: the width is the bound
    }
    assertions.check(label, value.le(Expr.lit(value.width(), max)),
        Expr.shortText(value) + " exceeds " + max, List.of(value));
  }

  /**
   * {@code value <= max} whenever {@code when} holds: a datapath register without reset (X in
   * Icarus until loaded) qualified by its valid bit. An X value passes (only a known violation
   * fails): a parent may feed the unit garbage whose result it ignores. Like {@link #assertAtMost(String, Expr,
   * long)}, a bound the width already enforces emits nothing.
   */
  public void assertAtMostWhen(String label, Expr when, Expr value, BigInteger max) {
    assertions.claimLabel(label);
    Expr.requireBit("qualifier of assertion '" + label + "'", when);
    if (max.signum() < 0) {
      throw HdlException.here("bound " + max + " of assertion '" + label + "' is negative");
    }
    if (max.add(BigInteger.ONE).bitLength() > value.width()) {
      return; // max >= 2^width - 1: the width is the bound
    }
    // An unknown value passes: a parent may feed garbage it ignores (Assertions.check).
    assertions.check(label, when.not().or(value.le(Expr.lit(value.width(), max))),
        Expr.shortText(value) + " exceeds " + max, List.of(when, value), true);
  }

  public void assertAtMostWhen(String label, Expr when, Expr value, long max) {
    assertAtMostWhen(label, when, value, BigInteger.valueOf(max));
  }

  /**
   * The valid/ready rule for a sender (docs/ARITHMETIC.md section 9): once {@code valid} is high
   * and {@code ready} low, {@code valid} stays high and every {@code data} expression keeps its
   * value in the next cycle. Put it on a unit's input (it checks the integrator) and on its
   * output (it checks the unit).
   */
  public void assertStableWhileStalled(String label, Expr valid, Expr ready, Expr... data) {
    assertions.claimLabel(label);
    Expr.requireBit("valid of assertion '" + label + "'", valid);
    Expr.requireBit("ready of assertion '" + label + "'", ready);
    if (data.length == 0) {
      throw HdlException.here("assertion '" + label + "' needs at least one data expression");
    }
    Expr now = data.length == 1 ? data[0] : Expr.cat(data);
    Signal stalled = assertions.state(label + "_stalled", 1, 0L);
    assertions.next(stalled, valid.and(ready.not()));
    Signal held = assertions.state(label + "_held", now.width(), null);
    assertions.next(held, now);
    List<Expr> values = new ArrayList<>(List.of(valid));
    values.addAll(List.of(data));
    values.add(held);
    assertions.check(label, stalled.not().or(valid.and(now.eq(held))),
        "after a cycle of " + Expr.shortText(valid) + " && !" + Expr.shortText(ready) + ", "
            + Expr.shortText(valid) + " must stay high and " + dataNames(data) + " unchanged",
        values);
  }

  /**
   * Framing by beat count: a transaction is exactly {@code beats} accepted beats ({@code valid
   * && ready}); {@code first} (null if the port has none) is high on the first of them and only
   * there, {@code last} on the final one and only there.
   */
  public void assertFraming(
      String label, Expr valid, Expr ready, Expr first, Expr last, long beats) {
    assertions.claimLabel(label);
    Expr.requireBit("valid of assertion '" + label + "'", valid);
    Expr.requireBit("ready of assertion '" + label + "'", ready);
    Expr.requireBit("last of assertion '" + label + "'", last);
    if (first != null) {
      Expr.requireBit("first of assertion '" + label + "'", first);
    }
    if (beats < 1) {
      throw HdlException.here("assertion '" + label + "': beats " + beats + " must be >= 1");
    }
    int w = Math.max(1, 64 - Long.numberOfLeadingZeros(beats - 1));
    Signal beat = assertions.state(label + "_beat", w, 0L);
    Expr fire = valid.and(ready);
    assertions.next(beat,
        Expr.mux(fire, Expr.mux(last, Expr.lit(w, 0), beat.addWrap(1)), beat));
    Expr lastOk = last.eq(beat.eq(beats - 1));
    Expr ok = first == null ? lastOk : lastOk.and(first.eq(beat.eq(0)));
    List<Expr> values = new ArrayList<>();
    if (first != null) {
      values.add(first);
    }
    values.add(last);
    values.add(beat);
    assertions.check(label, fire.not().or(ok),
        (first == null ? "last disagrees" : "first/last disagree") + " with the beat count ("
            + beats + " beats per transaction; " + beat.name() + " is the accepted beat's index)",
        values);
  }

  /**
   * Framing of variable-length rows: a row is 1 .. {@code maxBeats} accepted beats, {@code
   * first} (null if the port has none) high on its first beat and only there, {@code last} on
   * its final one; a row reaching {@code maxBeats} beats must end there (no over-long row).
   */
  public void assertRowFraming(
      String label, Expr valid, Expr ready, Expr first, Expr last, long maxBeats) {
    assertions.claimLabel(label);
    Expr.requireBit("valid of assertion '" + label + "'", valid);
    Expr.requireBit("ready of assertion '" + label + "'", ready);
    Expr.requireBit("last of assertion '" + label + "'", last);
    if (first != null) {
      Expr.requireBit("first of assertion '" + label + "'", first);
    }
    if (maxBeats < 1) {
      throw HdlException.here("assertion '" + label + "': maxBeats " + maxBeats
          + " must be >= 1");
    }
    int w = Math.max(1, 64 - Long.numberOfLeadingZeros(maxBeats - 1));
    Signal beat = assertions.state(label + "_beat", w, 0L);
    Expr fire = valid.and(ready);
    Expr atMax = beat.eq(maxBeats - 1);
    // Saturates at maxBeats - 1: a violation is reported there, the count never wraps.
    assertions.next(beat, Expr.mux(fire, Expr.mux(last, Expr.lit(w, 0),
        Expr.mux(atMax, beat, beat.addWrap(1))), beat));
    Expr lastOk = last.or(atMax.not());
    Expr ok = first == null ? lastOk : lastOk.and(first.eq(beat.eq(0)));
    List<Expr> values = new ArrayList<>();
    if (first != null) {
      values.add(first);
    }
    values.add(last);
    values.add(beat);
    assertions.check(label, fire.not().or(ok),
        (first == null ? "" : "first only on a row's first beat, and ") + "a row of at most "
            + maxBeats + " beats (" + beat.name() + " is the accepted beat's index)",
        values);
  }

  /**
   * Transactions in flight: {@code outFire} (an output handshake) needs an input handshake
   * ({@code inFire}) in an earlier cycle not yet answered (no output without input, none twice),
   * and at most {@code max} inputs are ever unanswered (the pipeline's capacity).
   */
  public void assertOutstanding(String label, Expr inFire, Expr outFire, long max) {
    assertions.claimLabel(label);
    Expr.requireBit("input handshake of assertion '" + label + "'", inFire);
    Expr.requireBit("output handshake of assertion '" + label + "'", outFire);
    if (max < 1) {
      throw HdlException.here("assertion '" + label + "': max " + max + " must be >= 1");
    }
    int w = 64 - Long.numberOfLeadingZeros(max);
    Signal count = assertions.state(label + "_count", w, 0L);
    assertions.next(count, Expr.mux(inFire.and(outFire.not()), count.addWrap(1),
        Expr.mux(outFire.and(inFire.not()), count.subWrap(1), count)));
    assertions.check(label,
        outFire.not().or(count.ne(0)).and(inFire.not().or(outFire).or(count.ne(max))),
        "an output needs an unanswered earlier input, and at most " + max + " may be in flight",
        List.of(inFire, outFire, count));
  }

  /**
   * The emitted assertions: label to the property's message, in emission order (a bound the
   * width already enforces is absent, as in the RTL). The datasheet lists them.
   */
  public Map<String, String> assertions() {
    return assertions.summary();
  }

  private static String dataNames(Expr[] data) {
    List<String> names = new ArrayList<>();
    for (Expr d : data) {
      names.add(Expr.shortText(d));
    }
    return String.join(", ", names);
  }

  void claimAssertionName(String n, Signal s) {
    claimName(n, s);
  }

  String portNames() {
    return String.join(", ", ports.keySet());
  }

  List<Module> children() {
    List<Module> result = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof Instance && !result.contains(((Instance) item).child())) {
        result.add(((Instance) item).child());
      }
    }
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Drivers, read by ResetState (the datasheet's reset values and combinational paths)

  /** The value {@code s} is assigned, or null if an assign does not drive it. */
  Expr assignedValue(Signal s) {
    for (Object item : items) {
      if (item instanceof Assign && ((Assign) item).target == s) {
        return ((Assign) item).value;
      }
    }
    return null;
  }

  /** What the comb block or ROM driving {@code s} reads, or null if neither drives it. */
  Set<Signal> combReads(Signal s) {
    for (Object item : items) {
      if (item instanceof Comb && ((Comb) item).targets.contains(s)) {
        return ((Comb) item).reads;
      }
      if (item instanceof Rom && ((Rom) item).target == s) {
        return ((Rom) item).reads;
      }
    }
    return null;
  }

  /** The register whose {@code _q} is {@code q}, or null. */
  Reg register(Signal q) {
    for (Reg r : regs) {
      if (r.q() == q) {
        return r;
      }
    }
    return null;
  }

  /**
   * On-chip memory bits of this module and everything it instantiates, by memory name with a
   * trailing lane index dropped ({@code anchor_mem_3} counts as {@code anchor_mem}), in first-seen
   * order: what {@code ./nms rtl} reports as {@code sram_bits_<name>}.
   */
  public java.util.Map<String, Long> memoryBits() {
    java.util.Map<String, Long> bits = new java.util.LinkedHashMap<>();
    addMemoryBits(bits);
    return bits;
  }

  private void addMemoryBits(java.util.Map<String, Long> bits) {
    for (Memory mem : memories) {
      bits.merge(mem.name().replaceAll("_[0-9]+$", ""), (long) mem.depth() * mem.width(), Long::sum);
    }
    for (Instance i : instances()) {
      i.child().addMemoryBits(bits);
    }
  }

  List<Instance> instances() {
    List<Instance> result = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof Instance) {
        result.add((Instance) item);
      }
    }
    return result;
  }

  /** Registers with and without reset, and memories, for the datasheet's reset rule. */
  int[] storageCounts() {
    int withReset = 0;
    for (Reg r : regs) {
      if (r.resetValue() != null) {
        withReset++;
      }
    }
    return new int[] {withReset, regs.size() - withReset, memories.size()};
  }

  // ---------------------------------------------------------------------------------------------
  // Bookkeeping shared with Block, Reg and Instance

  void ownSignal(Signal s) {
    if (s.module() != this) {
      throw HdlException.here(
          "signal '" + s.name() + "' belongs to module '" + s.module().name()
              + "', not to '" + name + "'");
    }
  }

  /** Marks every bit the expression reads and returns the signals it reads. */
  Set<Signal> read(Expr e) {
    Set<Signal> signals = new LinkedHashSet<>();
    e.visitUses(
        (signal, hi, lo) -> {
          ownSignal(signal);
          signal.markRead(hi, lo);
          signals.add(signal);
        });
    return signals;
  }

  private Signal port(String name, int width, Signal.Kind kind) {
    Expr.checkWidth(width);
    Signal s = new Signal(this, name, width, kind, null);
    claimName(name, s);
    ports.put(name, s);
    return s;
  }

  private Signal declare(Signal s) {
    claimName(s.name(), s);
    internals.add(s);
    return s;
  }

  private void claimName(String n, Object what) {
    if (names.containsKey(n)) {
      throw HdlException.here("name '" + n + "' is already declared in module '" + name + "'");
    }
    names.put(n, what);
  }

  // ---------------------------------------------------------------------------------------------
  // Emit-time checks

  private void check() {
    List<String> problems = new ArrayList<>();
    boolean unread = false;
    List<Signal> all = new ArrayList<>(ports.values());
    all.addAll(constants);
    all.addAll(internals);
    for (Signal s : all) {
      if (s.kind().drivable() && s.driver() == null) {
        problems.add(
            "'" + s.name() + "' (" + s.kindText() + ", declared at " + s.declaredAt()
                + ") is never driven");
      }
      if (s.kind().mustBeRead() && !s.fullyRead()) {
        unread = true;
        String which = s.readBitsEmpty() ? "is never read" : "bits " + s.unreadRanges()
            + " are never read";
        problems.add(
            "'" + s.name() + "' (" + s.kindText() + ", declared at " + s.declaredAt() + ") "
                + which);
      }
    }
    for (Object item : items) {
      if (item instanceof Instance) {
        Instance inst = (Instance) item;
        for (String p : inst.child().ports.keySet()) {
          if (!inst.connections().containsKey(p)) {
            problems.add("port '" + p + "' of instance '" + inst.name() + "' is not connected");
          }
        }
      }
    }
    for (Memory mem : memories) {
      if (mem.writePort() == null) {
        problems.add("memory '" + mem.name() + "' (declared at " + mem.declaredAt()
            + ") is never written");
      }
      if (!mem.isRead()) {
        problems.add("memory '" + mem.name() + "' (declared at " + mem.declaredAt()
            + ") is never read");
      }
    }
    assertions.checkDriven(problems);
    String loop = findCombinationalLoop();
    if (loop != null) {
      problems.add(
          "combinational loop through " + loop + " (checked per assign and per comb block:"
              + " if the loop is false, split the comb block)");
    }
    if (!problems.isEmpty()) {
      StringBuilder sb = new StringBuilder("module '" + name + "' cannot be emitted:");
      for (String p : problems) {
        sb.append("\n  - ").append(p);
      }
      if (unread) {
        sb.append("\n  read every bit, or pass bits left unused on purpose to markUnused()");
      }
      throw new HdlException(sb.toString());
    }
  }

  /**
   * Verilator reports a loop through continuous logic (UNOPTFLAT) even in lint mode, so look for
   * one between assigns, ROMs and comb blocks. A comb block may read its own targets (after
   * their defaults); an assign or ROM reading its own target is a loop.
   */
  private String findCombinationalLoop() {
    List<Object> nodes = new ArrayList<>();
    Map<Signal, Object> driverNode = new LinkedHashMap<>();
    for (Object item : items) {
      if (item instanceof Assign) {
        nodes.add(item);
        driverNode.put(((Assign) item).target, item);
      } else if (item instanceof Rom) {
        nodes.add(item);
        driverNode.put(((Rom) item).target, item);
      } else if (item instanceof Comb) {
        nodes.add(item);
        for (Signal t : ((Comb) item).targets) {
          driverNode.put(t, item);
        }
      }
    }
    Map<Object, Integer> state = new LinkedHashMap<>(); // 1 = on the path, 2 = done
    List<Signal> path = new ArrayList<>();
    for (Object n : nodes) {
      String loop = dfs(n, driverNode, state, path);
      if (loop != null) {
        return loop;
      }
    }
    return null;
  }

  private String dfs(
      Object node, Map<Signal, Object> driverNode, Map<Object, Integer> state, List<Signal> path) {
    Integer st = state.get(node);
    if (st != null) {
      return null;
    }
    state.put(node, 1);
    for (Signal s : readsOf(node)) {
      Object next = driverNode.get(s);
      if (next == null || (next == node && node instanceof Comb)) {
        continue;
      }
      path.add(s);
      if (Integer.valueOf(1).equals(state.get(next))) {
        List<String> names = new ArrayList<>();
        for (Signal p : path) {
          names.add("'" + p.name() + "'");
        }
        return String.join(" -> ", names);
      }
      String loop = dfs(next, driverNode, state, path);
      if (loop != null) {
        return loop;
      }
      path.remove(path.size() - 1);
    }
    state.put(node, 2);
    return null;
  }

  private static Set<Signal> readsOf(Object node) {
    if (node instanceof Assign) {
      return ((Assign) node).reads;
    }
    if (node instanceof Rom) {
      return ((Rom) node).reads;
    }
    return ((Comb) node).reads;
  }

  // ---------------------------------------------------------------------------------------------
  // Emission

  /** The module's complete {@code <name>.sv} text; throws if the checks find a problem. */
  public String emit() {
    check();
    StringBuilder sb = new StringBuilder();
    sb.append("// Generated by nms rtl-gen ")
        .append(design.generatorVersion())
        .append("; do not edit, regenerate from the configuration.\n");
    sb.append("// Config hash: ").append(design.configHash()).append('\n');
    sb.append("// ").append(name).append(": ").append(description).append("\n\n");
    emitHeader(sb);
    if (!constants.isEmpty()) {
      sb.append("\n  // Constants\n");
      for (Signal c : constants) {
        sb.append("  localparam logic ")
            .append(range(c.width()))
            .append(c.name())
            .append(" = ")
            .append(Expr.lit(c.width(), c.constantValue()).verilog())
            .append(";\n");
      }
    }
    if (!internals.isEmpty() || !memories.isEmpty()) {
      sb.append("\n  // Signals\n");
      for (Signal s : internals) {
        sb.append("  logic ").append(range(s.width())).append(s.name()).append(";\n");
      }
      for (Memory mem : memories) {
        sb.append("  logic ").append(range(mem.width())).append(mem.name())
            .append(" [0:").append(mem.depth() - 1).append("];\n");
      }
    }
    Object previous = null;
    for (Object item : items) {
      // Blank lines separate items, except inside a run of assigns and after a comment.
      boolean sameRun = previous instanceof Assign && item instanceof Assign;
      if (!sameRun && !(previous instanceof Comment)) {
        sb.append('\n');
      }
      emitItem(sb, item);
      previous = item;
    }
    emitRegisters(sb);
    emitMemoryWrites(sb);
    if (unusedSink != null) {
      sb.append("\n  // Bits left unused on purpose\n");
      List<String> parts = new ArrayList<>();
      for (Expr e : unusedExprs) {
        parts.add(e.verilog(true));
      }
      String body =
          parts.size() == 1 ? unusedExprs.get(0).verilog() : "{" + String.join(", ", parts) + "}";
      sb.append("  assign ").append(Names.UNUSED_SINK).append(" = ^").append(body).append(";\n");
    }
    assertions.emit(sb);
    sb.append("\nendmodule\n");
    return sb.toString();
  }

  private void emitHeader(StringBuilder sb) {
    if (ports.isEmpty()) {
      sb.append("module ").append(name).append(";\n");
      return;
    }
    int rangeWidth = 0;
    for (Signal p : ports.values()) {
      rangeWidth = Math.max(rangeWidth, range(p.width()).length());
    }
    sb.append("module ").append(name).append(" (\n");
    int i = 0;
    for (Signal p : ports.values()) {
      String dir = p.kind() == Signal.Kind.INPUT ? "input  logic " : "output logic ";
      sb.append("  ").append(dir).append(pad(range(p.width()), rangeWidth)).append(p.name());
      sb.append(++i < ports.size() ? ",\n" : "\n");
    }
    sb.append(");\n");
  }

  private void emitItem(StringBuilder sb, Object item) {
    if (item instanceof Assign) {
      Assign a = (Assign) item;
      sb.append("  assign ").append(a.target.name()).append(" = ")
          .append(a.value.verilog(true)).append(";\n");
    } else if (item instanceof Comb) {
      Comb c = (Comb) item;
      if (!c.comment.isEmpty()) {
        sb.append("  // ").append(c.comment).append('\n');
      }
      sb.append("  always_comb begin\n");
      emitStatements(sb, c, "    ");
      sb.append("  end\n");
    } else if (item instanceof Rom) {
      emitRom(sb, (Rom) item);
    } else if (item instanceof Instance) {
      emitInstance(sb, (Instance) item);
    } else {
      sb.append("  // ").append(((Comment) item).text).append('\n');
    }
  }

  private static void emitStatements(StringBuilder sb, Block block, String indent) {
    for (Object st : block.statements) {
      if (st instanceof Block.Assignment) {
        Block.Assignment s = (Block.Assignment) st;
        sb.append(indent).append(s.target.name()).append(" = ")
            .append(s.value.verilog(true)).append(";\n");
      } else if (st instanceof Block.If) {
        sb.append(indent);
        emitIf(sb, (Block.If) st, indent);
      } else {
        emitCase(sb, (Block.Case) st, indent);
      }
    }
  }

  /** Emits from "if" on (the caller wrote the indent or "end else "); chains else-if. */
  private static void emitIf(StringBuilder sb, Block.If st, String indent) {
    sb.append("if (").append(st.cond.verilog(true)).append(") begin\n");
    emitStatements(sb, st.then, indent + "  ");
    Block otherwise = st.otherwise;
    if (otherwise == null) {
      sb.append(indent).append("end\n");
    } else if (otherwise.statements.size() == 1
        && otherwise.statements.get(0) instanceof Block.If) {
      sb.append(indent).append("end else ");
      emitIf(sb, (Block.If) otherwise.statements.get(0), indent);
    } else {
      sb.append(indent).append("end else begin\n");
      emitStatements(sb, otherwise, indent + "  ");
      sb.append(indent).append("end\n");
    }
  }

  private static void emitCase(StringBuilder sb, Block.Case c, String indent) {
    sb.append(indent).append("case (").append(c.selector.verilog(true)).append(")\n");
    for (Block.Item item : c.items.values()) {
      emitCaseItem(sb, item.label.verilog(true), item.body, indent + "  ");
    }
    emitCaseItem(sb, "default", c.otherwise, indent + "  ");
    sb.append(indent).append("endcase\n");
  }

  private static void emitCaseItem(StringBuilder sb, String label, Block body, String indent) {
    if (body == null || body.statements.isEmpty()) {
      sb.append(indent).append(label).append(": begin end\n");
    } else if (body.statements.size() == 1 && body.statements.get(0) instanceof Block.Assignment) {
      Block.Assignment s = (Block.Assignment) body.statements.get(0);
      sb.append(indent).append(label).append(": ").append(s.target.name()).append(" = ")
          .append(s.value.verilog(true)).append(";\n");
    } else {
      sb.append(indent).append(label).append(": begin\n");
      emitStatements(sb, body, indent + "  ");
      sb.append(indent).append("end\n");
    }
  }

  private static void emitRom(StringBuilder sb, Rom rom) {
    int w = rom.target.width();
    int aw = rom.address.width();
    sb.append("  // ").append(rom.target.name()).append(": ").append(rom.contents.length)
        .append(" x ").append(w).append("-bit ROM\n");
    sb.append("  always_comb begin\n");
    sb.append("    case (").append(rom.address.verilog(true)).append(")\n");
    for (int i = 0; i < rom.contents.length; i++) {
      sb.append("      ").append(Expr.lit(aw, i).verilog()).append(": ")
          .append(rom.target.name()).append(" = ")
          .append(Expr.lit(w, rom.contents[i]).verilog()).append(";\n");
    }
    // Also present when the table fills the address space: Yosys would otherwise infer a latch.
    sb.append("      default: ").append(rom.target.name()).append(" = ")
        .append(Expr.lit(w, 0).verilog()).append(";\n");
    sb.append("    endcase\n");
    sb.append("  end\n");
  }

  private static void emitInstance(StringBuilder sb, Instance inst) {
    Module child = inst.child();
    int nameWidth = 0;
    for (String p : child.ports.keySet()) {
      nameWidth = Math.max(nameWidth, p.length());
    }
    sb.append("  ").append(child.name).append(' ').append(inst.name()).append(" (\n");
    int i = 0;
    for (String p : child.ports.keySet()) {
      sb.append("    .").append(pad(p, nameWidth)).append(" (")
          .append(inst.connections().get(p).verilog(true)).append(')');
      sb.append(++i < child.ports.size() ? ",\n" : "\n");
    }
    sb.append("  );\n");
  }

  /** One always_ff per (reset, enable) combination, in order of first appearance. */
  private void emitRegisters(StringBuilder sb) {
    Map<String, List<Reg>> groups = new LinkedHashMap<>();
    for (Reg r : regs) {
      String enable = r.enable() == null ? "" : r.enable().verilog(true);
      String key = (r.resetValue() != null) + "|" + enable;
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    if (groups.isEmpty()) {
      return;
    }
    sb.append("\n  // Registers\n");
    boolean first = true;
    for (List<Reg> group : groups.values()) {
      if (!first) {
        sb.append('\n');
      }
      first = false;
      Reg head = group.get(0);
      Expr enable = head.enable();
      String load = enable == null ? null : "if (" + enable.verilog(true) + ") begin\n";
      if (head.resetValue() != null) {
        sb.append("  always_ff @(posedge clk_i or negedge rst_ni) begin\n");
        sb.append("    if (!rst_ni) begin\n");
        for (Reg r : group) {
          sb.append("      ").append(r.q().name()).append(" <= ")
              .append(Expr.lit(r.q().width(), r.resetValue()).verilog()).append(";\n");
        }
        sb.append("    end else ").append(load == null ? "begin\n" : load);
        appendLoads(sb, group, "      ");
        sb.append("    end\n");
      } else {
        sb.append("  always_ff @(posedge clk_i) begin\n");
        if (load == null) {
          appendLoads(sb, group, "    ");
        } else {
          sb.append("    ").append(load);
          appendLoads(sb, group, "      ");
          sb.append("    end\n");
        }
      }
      sb.append("  end\n");
    }
  }

  /** One always_ff per memory write port: the shape Yosys infers a RAM write port from. */
  private void emitMemoryWrites(StringBuilder sb) {
    for (Memory mem : memories) {
      Memory.Write w = mem.writePort();
      sb.append("\n  // ").append(mem.name()).append(": ").append(mem.depth()).append(" x ")
          .append(mem.width()).append("-bit memory, synchronous write\n");
      sb.append("  always_ff @(posedge clk_i) begin\n");
      sb.append("    if (").append(w.enable.verilog(true)).append(") begin\n");
      sb.append("      ").append(mem.name()).append('[').append(w.address.verilog(true))
          .append("] <= ").append(w.data.verilog(true)).append(";\n");
      sb.append("    end\n");
      sb.append("  end\n");
    }
  }

  private static void appendLoads(StringBuilder sb, List<Reg> group, String indent) {
    for (Reg r : group) {
      sb.append(indent).append(r.q().name()).append(" <= ").append(r.d().name()).append(";\n");
    }
  }

  private static String range(int width) {
    return width == 1 ? "" : "[" + (width - 1) + ":0] ";
  }

  private static String pad(String s, int width) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < width) {
      sb.append(' ');
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Items

  private static final class Assign {
    final Signal target;
    final Expr value;
    final Set<Signal> reads;

    Assign(Signal target, Expr value, Set<Signal> reads) {
      this.target = target;
      this.value = value;
      this.reads = reads;
    }
  }

  private static final class Rom {
    final Signal target;
    final BigInteger[] contents;
    final Expr address;
    final Set<Signal> reads;

    Rom(Signal target, BigInteger[] contents, Expr address, Set<Signal> reads) {
      this.target = target;
      this.contents = contents;
      this.address = address;
      this.reads = reads;
    }
  }

  private static final class Comment {
    final String text;

    Comment(String text) {
      this.text = text;
    }
  }
}
