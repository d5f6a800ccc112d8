package nms.rtl.hdl;

/**
 * A memory, {@code logic [width-1:0] name [0:depth-1]}: one synchronous write port and read
 * expressions {@code name[address]}. Register the read data in a {@link Module#regNoReset}
 * (optionally with an enable): a write port plus a registered read is the shape Yosys maps to
 * block RAM, and it needs no reset, so none is offered.
 *
 * <p>The address width is fixed by the depth ({@code ceil(log2(depth))}, at least 1) and checked
 * like every other width. A memory must be written once and read at least once, else the module
 * cannot be emitted. Reading an address at or above {@code depth} returns an unspecified value;
 * the generator must not do it.
 */
public final class Memory {
  private final Module module;
  private final String name;
  private final int depth;
  private final int width;
  private final int addressWidth;
  private final String declaredAt;
  private Write write;
  private boolean read;

  Memory(Module module, String name, int depth, int width) {
    this.module = module;
    this.name = name;
    this.depth = depth;
    this.width = width;
    this.addressWidth = Math.max(1, 32 - Integer.numberOfLeadingZeros(depth - 1));
    this.declaredAt = SourceLocation.caller();
  }

  public String name() {
    return name;
  }

  public int depth() {
    return depth;
  }

  public int width() {
    return width;
  }

  /** Bits of an address: {@code ceil(log2(depth))}, at least 1. */
  public int addressWidth() {
    return addressWidth;
  }

  /** {@code if (enable) name[address] <= data;} on every rising {@code clk_i}; call once. */
  public Memory write(Expr enable, Expr address, Expr data) {
    if (write != null) {
      throw HdlException.here("memory '" + name + "' already has its write port");
    }
    Expr.requireBit("write enable of memory '" + name + "'", enable);
    checkAddress(address);
    if (data.width() != width) {
      throw WidthException.of(
          "width mismatch writing memory '" + name + "': words are " + width
              + " bit(s), data '" + Expr.shortText(data) + "' is " + data.width() + " bit(s)",
          name, width, data.width(), "state the change with zext, trunc or resize");
    }
    module.read(enable);
    module.read(address);
    module.read(data);
    write = new Write(enable, address, data);
    return this;
  }

  /** The word at {@code address}, combinationally: {@code name[address]}. */
  public Expr read(Expr address) {
    checkAddress(address);
    read = true;
    return new Read(this, address);
  }

  private void checkAddress(Expr address) {
    if (address.width() != addressWidth) {
      throw WidthException.of(
          "memory '" + name + "' has " + depth + " words and takes a " + addressWidth
              + "-bit address, but '" + Expr.shortText(address) + "' is " + address.width()
              + " bit(s)",
          name, addressWidth, address.width(), "zext or trunc the address");
    }
  }

  Module module() {
    return module;
  }

  String declaredAt() {
    return declaredAt;
  }

  Write writePort() {
    return write;
  }

  boolean isRead() {
    return read;
  }

  static final class Write {
    final Expr enable;
    final Expr address;
    final Expr data;

    Write(Expr enable, Expr address, Expr data) {
      this.enable = enable;
      this.address = address;
      this.data = data;
    }
  }

  /** {@code name[address]}: depends on the address only (the words change on clock edges). */
  static final class Read extends Expr {
    final Memory memory;
    final Expr address;

    Read(Memory memory, Expr address) {
      super(memory.width);
      this.memory = memory;
      this.address = address;
    }

    @Override
    String verilog(boolean bare) {
      return memory.name + "[" + address.verilog(true) + "]";
    }

    @Override
    void visitUses(UseSink sink) {
      address.visitUses(sink);
    }
  }
}
