package nms.rtl.hdl;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An {@code always_comb} block. Assign every signal it drives at the outermost level first (the
 * default), then refine in branches: branches cannot introduce a new target, so no latch can be
 * written, and a signal cannot be read before its default (Verilator's ALWCOMBORDER).
 */
public final class Comb extends Block {
  final Module module;
  final String comment;
  final Set<Signal> targets = new LinkedHashSet<>();
  final Set<Signal> reads = new LinkedHashSet<>();

  Comb(Module module, String comment) {
    super(null);
    this.module = module;
    this.comment = comment;
  }

  void read(Expr e) {
    for (Signal s : module.read(e)) {
      reads.add(s);
    }
  }

  void assigning(Signal target, boolean outermost) {
    if (targets.contains(target)) {
      return;
    }
    if (!outermost) {
      throw HdlException.here(
          "'"
              + target.name()
              + "' is assigned in a branch of an always_comb block without a default"
              + " assignment at the top of the block; that would infer a latch");
    }
    if (reads.contains(target)) {
      throw HdlException.here(
          "'"
              + target.name()
              + "' is read in this always_comb block before its default assignment;"
              + " assign its default first");
    }
    target.setDriver("always_comb block");
    targets.add(target);
  }
}
