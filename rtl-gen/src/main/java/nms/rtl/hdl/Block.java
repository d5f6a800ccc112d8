package nms.rtl.hdl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Statements of an {@code always_comb} block: blocking assignments, if/else and case. The
 * outermost level of a {@link Comb} holds the default assignments; a branch may only assign a
 * signal that already has its default, which is what makes every comb block latch-free.
 */
public class Block {
  private final Comb owner;
  final List<Object> statements = new ArrayList<>();

  /** {@code owner} is null only for the outermost level, which is the {@link Comb} itself. */
  Block(Comb owner) {
    this.owner = owner;
  }

  final Comb owner() {
    return owner == null ? (Comb) this : owner;
  }

  /** {@code target = value;} */
  public Block set(Signal target, Expr value) {
    owner().module.ownSignal(target);
    if (target.width() != value.width()) {
      throw WidthException.of(
          "width mismatch assigning to '" + target.name() + "' in always_comb: target is "
              + target.width() + " bit(s), value '" + Expr.shortText(value) + "' is "
              + value.width() + " bit(s)",
          target.name(), target.width(), value.width(),
          "state the change with zext, trunc or resize");
    }
    owner().read(value);
    owner().assigning(target, owner == null);
    statements.add(new Assignment(target, value));
    return this;
  }

  /** {@code if (cond) begin ... end} */
  public Block when(Expr cond, Consumer<Block> then) {
    return when(cond, then, null);
  }

  /** {@code if (cond) begin ... end else begin ... end} */
  public Block when(Expr cond, Consumer<Block> then, Consumer<Block> otherwise) {
    Expr.requireBit("if condition", cond);
    owner().read(cond);
    Block thenBlock = new Block(owner());
    then.accept(thenBlock);
    Block elseBlock = null;
    if (otherwise != null) {
      elseBlock = new Block(owner());
      otherwise.accept(elseBlock);
    }
    statements.add(new If(cond, thenBlock, elseBlock));
    return this;
  }

  /** {@code case (selector)}; add items with {@link Case#is} and finish with a default. */
  public Case select(Expr selector) {
    owner().read(selector);
    Case c = new Case(selector);
    statements.add(c);
    return c;
  }

  /** A case statement under construction; it always gets a default item when emitted. */
  public final class Case {
    final Expr selector;
    final Map<BigInteger, Item> items = new LinkedHashMap<>();
    Block otherwise;

    Case(Expr selector) {
      this.selector = selector;
    }

    /** One item; the label must be a constant (literal or localparam) of the selector's width. */
    public Case is(Expr label, Consumer<Block> body) {
      BigInteger value = constantValue(label);
      if (label.width() != selector.width()) {
        throw WidthException.of(
            "case label '" + label + "' is " + label.width() + " bit(s) but the selector '"
                + Expr.shortText(selector) + "' is " + selector.width() + " bit(s)",
            Expr.shortText(selector), selector.width(), label.width(),
            "labels must match the selector width");
      }
      if (items.containsKey(value)) {
        throw HdlException.here(
            "case on '" + selector + "' already has an item for value " + value);
      }
      owner().read(label);
      Block b = new Block(owner());
      body.accept(b);
      items.put(value, new Item(label, b));
      return this;
    }

    /** An item whose label is a literal of the selector's width. */
    public Case is(long label, Consumer<Block> body) {
      if (label < 0) {
        throw HdlException.here("case label " + label + " is negative");
      }
      BigInteger v = BigInteger.valueOf(label);
      Expr.checkFits("case label", v, selector.width());
      return is(Expr.lit(selector.width(), v), body);
    }

    /** The default item (emitted empty when not given). */
    public Case otherwise(Consumer<Block> body) {
      if (otherwise != null) {
        throw HdlException.here("case on '" + selector + "' already has a default");
      }
      Block b = new Block(owner());
      body.accept(b);
      otherwise = b;
      return this;
    }

    private BigInteger constantValue(Expr label) {
      if (label instanceof Expr.Const) {
        return ((Expr.Const) label).value;
      }
      if (label instanceof Signal && ((Signal) label).constantValue() != null) {
        return ((Signal) label).constantValue();
      }
      throw HdlException.here(
          "case label '" + label + "' must be a literal or a constant (localparam)");
    }
  }

  static final class Item {
    final Expr label;
    final Block body;

    Item(Expr label, Block body) {
      this.label = label;
      this.body = body;
    }
  }

  static final class Assignment {
    final Signal target;
    final Expr value;

    Assignment(Signal target, Expr value) {
      this.target = target;
      this.value = value;
    }
  }

  static final class If {
    final Expr cond;
    final Block then;
    final Block otherwise;

    If(Expr cond, Block then, Block otherwise) {
      this.cond = cond;
      this.then = then;
      this.otherwise = otherwise;
    }
  }
}
