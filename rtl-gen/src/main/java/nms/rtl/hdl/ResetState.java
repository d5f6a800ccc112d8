package nms.rtl.hdl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts a datasheet states about a built module, read from its structure so they cannot drift
 * from the emitted Verilog: the value of every output while {@code rst_ni} is low (registers at
 * their reset values, inputs and registers without reset unknown, evaluated in three-valued logic
 * through assigns and child instances), and which inputs reach which outputs without a register
 * in between.
 */
public final class ResetState {
  private ResetState() {}

  /**
   * Output name to its value during reset: {@code "0"}, {@code "1"}, a decimal for a wider port
   * whose every bit is known, or null when some bit depends on an input, a register without reset,
   * a comb block or a memory.
   */
  public static Map<String, BigInteger> outputsInReset(Module m) {
    Map<String, BigInteger> result = new LinkedHashMap<>();
    Evaluator ev = new Evaluator();
    for (Signal p : m.ports()) {
      if (p.kind() == Signal.Kind.OUTPUT) {
        V v = ev.signal(p, new Context(m, null, null));
        result.put(p.name(), v.fullyKnown() ? v.val : null);
      }
    }
    return result;
  }

  /** Registers with reset, registers without reset and memories of {@code m} itself. */
  public static int[] storage(Module m) {
    return m.storageCounts().clone();
  }

  /**
   * Output name to the inputs it depends on combinationally (through assigns, comb blocks, ROM
   * addresses, memory read addresses and child instances), in port order; empty for a registered
   * output.
   */
  public static Map<String, List<String>> combinationalInputs(Module m) {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (Signal p : m.ports()) {
      if (p.kind() == Signal.Kind.OUTPUT) {
        Set<Signal> found = new HashSet<>();
        reach(p, new Context(m, null, null), found, new HashSet<>());
        List<String> names = new ArrayList<>();
        for (Signal q : m.ports()) {
          if (found.contains(q)) {
            names.add(q.name());
          }
        }
        result.put(p.name(), names);
      }
    }
    return result;
  }

  // ---------------------------------------------------------------------------------------------

  /** Where a module sits: the instance it is inside and the parent's context (null at the top). */
  private record Context(Module module, Instance instance, Context parent) {}

  private static void reach(Signal s, Context ctx, Set<Signal> found, Set<String> seen) {
    if (!seen.add(System.identityHashCode(ctx.instance) + "/" + s.name())) {
      return;
    }
    switch (s.kind()) {
      case INPUT:
        if (ctx.parent == null) {
          found.add(s);
        } else {
          for (Signal u : uses(ctx.instance.connections().get(s.name()))) {
            reach(u, ctx.parent, found, seen);
          }
        }
        return;
      case REG_Q:
      case CONSTANT:
        return;
      default:
        Module m = ctx.module;
        Expr v = m.assignedValue(s);
        if (v != null) {
          for (Signal u : uses(v)) {
            reach(u, ctx, found, seen);
          }
          return;
        }
        Set<Signal> comb = m.combReads(s);
        if (comb != null) {
          for (Signal u : comb) {
            reach(u, ctx, found, seen);
          }
          return;
        }
        for (Instance inst : m.instances()) {
          for (Map.Entry<String, Expr> c : inst.connections().entrySet()) {
            Signal port = inst.child().port(c.getKey());
            if (port.kind() == Signal.Kind.OUTPUT && c.getValue() == s) {
              reach(port, new Context(inst.child(), inst, ctx), found, seen);
            }
          }
        }
    }
  }

  private static Set<Signal> uses(Expr e) {
    Set<Signal> s = new LinkedHashSet<>();
    e.visitUses((signal, hi, lo) -> s.add(signal));
    return s;
  }

  /** A value of {@code width} bits; bits set in {@code known} are {@code val}'s, the rest X. */
  private record V(BigInteger val, BigInteger known, int width) {
    static V of(int width, BigInteger val) {
      return new V(val, mask(width), width);
    }

    static V unknown(int width) {
      return new V(BigInteger.ZERO, BigInteger.ZERO, width);
    }

    boolean fullyKnown() {
      return known.equals(mask(width));
    }

    V slice(int hi, int lo) {
      BigInteger m = mask(hi - lo + 1);
      return new V(val.shiftRight(lo).and(m), known.shiftRight(lo).and(m), hi - lo + 1);
    }
  }

  private static BigInteger mask(int width) {
    return BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
  }

  private static final class Evaluator {
    private final Set<String> active = new HashSet<>();

    V signal(Signal s, Context ctx) {
      String key = System.identityHashCode(ctx.instance) + "/" + s.name();
      if (!active.add(key)) {
        return V.unknown(s.width()); // a path through an instance back to itself
      }
      try {
        return signalValue(s, ctx);
      } finally {
        active.remove(key);
      }
    }

    private V signalValue(Signal s, Context ctx) {
      switch (s.kind()) {
        case CONSTANT:
          return V.of(s.width(), s.constantValue());
        case INPUT:
          return ctx.parent == null ? V.unknown(s.width())
              : eval(ctx.instance.connections().get(s.name()), ctx.parent);
        case REG_Q:
          Reg r = ctx.module.register(s);
          return r == null || r.resetValue() == null ? V.unknown(s.width())
              : V.of(s.width(), r.resetValue());
        case REG_D:
          return V.unknown(s.width());
        default:
          Expr v = ctx.module.assignedValue(s);
          if (v != null) {
            return eval(v, ctx);
          }
          for (Instance inst : ctx.module.instances()) {
            for (Map.Entry<String, Expr> c : inst.connections().entrySet()) {
              Signal port = inst.child().port(c.getKey());
              if (port.kind() == Signal.Kind.OUTPUT && c.getValue() == s) {
                return signal(port, new Context(inst.child(), inst, ctx));
              }
            }
          }
          return V.unknown(s.width()); // comb block, ROM or unused sink
      }
    }

    V eval(Expr e, Context ctx) {
      int w = e.width();
      if (e instanceof Signal) {
        return signal((Signal) e, ctx);
      }
      if (e instanceof Expr.Const) {
        return V.of(w, ((Expr.Const) e).value);
      }
      if (e instanceof Expr.Slice) {
        Expr.Slice s = (Expr.Slice) e;
        return signal(s.signal, ctx).slice(s.hi, s.lo);
      }
      if (e instanceof Expr.Cast) {
        Expr.Cast c = (Expr.Cast) e;
        V in = eval(c.inner, ctx);
        BigInteger m = mask(w);
        return new V(in.val.shiftRight(c.lo).and(m), in.known.shiftRight(c.lo).and(m), w);
      }
      if (e instanceof Expr.Concat) {
        BigInteger val = BigInteger.ZERO;
        BigInteger known = BigInteger.ZERO;
        for (Expr p : ((Expr.Concat) e).parts) {
          V v = eval(p, ctx);
          val = val.shiftLeft(v.width).or(v.val);
          known = known.shiftLeft(v.width).or(v.known);
        }
        return new V(val, known, w);
      }
      if (e instanceof Expr.Repl) {
        Expr.Repl r = (Expr.Repl) e;
        V v = eval(r.inner, ctx);
        BigInteger val = BigInteger.ZERO;
        BigInteger known = BigInteger.ZERO;
        for (int i = 0; i < r.count; i++) {
          val = val.shiftLeft(v.width).or(v.val);
          known = known.shiftLeft(v.width).or(v.known);
        }
        return new V(val, known, w);
      }
      if (e instanceof Expr.Not) {
        V v = eval(((Expr.Not) e).inner, ctx);
        return new V(v.val.not().and(v.known), v.known, w);
      }
      if (e instanceof Expr.Reduce) {
        Expr.Reduce r = (Expr.Reduce) e;
        V v = eval(r.inner, ctx);
        BigInteger ones = v.val.and(v.known);
        BigInteger zeros = v.known.andNot(v.val);
        switch (r.op) {
          case "|":
            return ones.signum() != 0 ? V.of(1, BigInteger.ONE)
                : v.fullyKnown() ? V.of(1, BigInteger.ZERO) : V.unknown(1);
          case "&":
            return zeros.signum() != 0 ? V.of(1, BigInteger.ZERO)
                : v.fullyKnown() ? V.of(1, BigInteger.ONE) : V.unknown(1);
          default:
            return v.fullyKnown() ? V.of(1, BigInteger.valueOf(v.val.bitCount() & 1))
                : V.unknown(1);
        }
      }
      if (e instanceof Expr.Mux) {
        Expr.Mux x = (Expr.Mux) e;
        V sel = eval(x.sel, ctx);
        V t = eval(x.ifTrue, ctx);
        V f = eval(x.ifFalse, ctx);
        if (sel.fullyKnown()) {
          return sel.val.signum() != 0 ? t : f;
        }
        BigInteger same = t.known.and(f.known).andNot(t.val.xor(f.val));
        return new V(t.val.and(same), same, w);
      }
      if (e instanceof Expr.Binary) {
        return binary((Expr.Binary) e, ctx);
      }
      return V.unknown(w); // a memory read
    }

    private V binary(Expr.Binary b, Context ctx) {
      int w = b.width();
      V l = eval(b.left, ctx);
      V r = eval(b.right, ctx);
      switch (b.op) {
        case "&": {
          BigInteger zero = l.known.andNot(l.val).or(r.known.andNot(r.val));
          BigInteger known = l.known.and(r.known).or(zero);
          return new V(l.val.and(r.val).and(known), known, w);
        }
        case "|": {
          BigInteger one = l.val.and(l.known).or(r.val.and(r.known));
          BigInteger known = l.known.and(r.known).or(one);
          return new V(l.val.or(r.val).and(known), known, w);
        }
        case "^": {
          BigInteger known = l.known.and(r.known);
          return new V(l.val.xor(r.val).and(known), known, w);
        }
        default:
          break;
      }
      if (!l.fullyKnown() || !r.fullyKnown()) {
        return V.unknown(w);
      }
      BigInteger x = l.val;
      BigInteger y = r.val;
      BigInteger v;
      switch (b.op) {
        case "+": v = x.add(y); break;
        case "-": v = x.subtract(y); break;
        case "*": v = x.multiply(y); break;
        case "<<": v = x.shiftLeft(y.intValueExact()); break;
        case ">>": v = x.shiftRight(y.intValueExact()); break;
        case "==": v = bool(x.equals(y)); break;
        case "!=": v = bool(!x.equals(y)); break;
        case "<": v = bool(x.compareTo(y) < 0); break;
        case "<=": v = bool(x.compareTo(y) <= 0); break;
        case ">": v = bool(x.compareTo(y) > 0); break;
        case ">=": v = bool(x.compareTo(y) >= 0); break;
        default:
          throw new IllegalStateException("ResetState: operator " + b.op + " not evaluated");
      }
      return V.of(w, v.and(mask(w))); // two's complement wrap, as the Verilog width does
    }

    private static BigInteger bool(boolean b) {
      return b ? BigInteger.ONE : BigInteger.ZERO;
    }
  }
}
