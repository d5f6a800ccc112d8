package nms.rtl.units;

import nms.config.Formats;
import nms.golden.NmsJointP;
import nms.rtl.hdl.Comb;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Memory;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_joint_p} (docs/ARITHMETIC.md section 7.1): takes each row's final affinities with
 * their neighbour indices, divides them into the conditionals {@code p_j|i = floor((a_ij <<
 * p_frac) / S_i)} and stores one word per row (k neighbour indices, k conditionals, the entry
 * count) in an on-chip sparse store; after the class's last row it streams the joint weights
 * {@code w_ij = p_j|i + p_i|j} in the CSR order of {@code JointP}.
 *
 * <p>Division: a private bit-serial restoring divider (p_cond_width steps per entry). It is not
 * {@code nms_divider}, whose widths are fixed by the entropy formats; here the quotient is at
 * most 2^p_frac because a_ij &lt;= S_i, so p_frac + 1 steps suffice and the remainder never
 * exceeds the sum's width plus one bit.
 *
 * <p>Symmetrisation: a row-scan second pass. For each row i the unit holds i's word and reads
 * every other row's word j in ascending order; k comparators find j in i's list (p_j|i) and k
 * find i in j's list (p_i|j). An entry is emitted when either is present (a present conditional of
 * 0 still gives an entry, as in {@code JointP.symmetrise}). One entry is held back so the class's
 * last entry can carry {@code out_last_o}.
 */
public class JointPUnit implements UnitGenerator {
  public static final String NAME = "nms_joint_p";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsJointP.class;
  }

  /** Bits of the store: one word per row. */
  public static long storeBits(Formats f, int maxRows) {
    return (long) maxRows * wordWidth(f);
  }

  static int wordWidth(Formats f) {
    return f.knnK * (f.knnIndexWidth + f.pCondWidth) + f.knnCountWidth;
  }

  static int weightWidth(Formats f) {
    return f.pCondWidth + 1;
  }

  static int totalWidth(Formats f, int maxRows) {
    // Sum of all weights = 2 * sum of all conditionals <= 2 * n * 2^p_frac.
    return Formats.bits(2L * maxRows * (1L << (f.pCondWidth - 1)));
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    Formats f = units.formats();
    int k = f.knnK;
    int n = units.config().maxRowsPerClass();
    int pw = f.pCondWidth;
    return new UnitSheet()
        .summary("Conditional and joint P on chip (docs/ARITHMETIC.md section 7.1): per row,"
            + " p_j|i = floor((a_ij << p_frac) / S_i) over its <= " + k + " entries, stored in a"
            + " sparse store of " + n + " words x " + wordWidth(f) + " bits = "
            + storeBits(f, n) + " bits; after the class, w_ij = p_j|i + p_i|j streamed in CSR"
            + " order (row ascending, column ascending), the class total on the last entry.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a row entry is offered")
        .port("in_ready_o", "flag", "the unit takes it (low while dividing and streaming)")
        .port("in_first_i", "flag", "first entry of a row")
        .port("in_last_i", "flag", "last entry of a row")
        .port("in_end_i", "flag", "with in_last_i: the class's last row")
        .port("idx_i", "unsigned integer", "the neighbour's row index in the class")
        .port("aff_i", "unsigned integer", "the affinity a_ij at the row's final beta"
            + " (affinity_width = " + f.affinityWidth + ")")
        .port("out_valid_o", "flag", "a joint entry is offered")
        .port("out_ready_i", "flag", "the receiver takes it")
        .port("out_last_o", "flag", "the class's last joint entry")
        .port("out_row_o", "unsigned integer", "row i")
        .port("out_col_o", "unsigned integer", "column j")
        .port("out_weight_o", "unsigned integer", "w_ij = p_j|i + p_i|j (" + weightWidth(f)
            + " bits)")
        .port("out_total_o", "unsigned integer", "sum of the weights found so far; the class"
            + " total with out_last_o")
        .timing("row_cycles", "cycles per row of c entries in the load pass (input never"
            + " starved): c to take them, c * p_cond_width to divide, 1 to write the word; value"
            + " at c = k", "c * (1 + p_cond_width) + 1", (long) k * (1 + pw) + 1)
        .timing("scan_cycles", "cycles of the symmetrisation pass for n rows and E joint"
            + " entries, output never stalled: per row 2 to fetch its word, 1 to skip itself, 2"
            + " per other row (read, compare), plus 1 per entry offered (model from the state"
            + " machine, not yet bench-checked); value at n = max_rows_per_class, E = 0",
            "n * (2 * n + 1) + E", (long) n * (2L * n + 1))
        .framing("A row is c >= 1 entries, in_first_i on the first, in_last_i on the last; the"
            + " class is n >= 2 rows, in_end_i with the last row's in_last_i. Rows are numbered"
            + " 0 .. n - 1 in arrival order; a row's indices are distinct, below n and not its own.")
        .outOfRange("an affinity row summing to 0",
            "the divider's compares always succeed, every p is 2^p_cond_width - 1 (the sum"
                + " assertion fires)")
        .outOfRange("more than " + k + " entries in a row", "the count saturates and the extra"
            + " entries overwrite the last slot (the count assertion fires)")
        .note("Sparse store: " + n + " x " + wordWidth(f) + " bits (" + k + " x ("
            + f.knnIndexWidth + "-bit index + " + pw + "-bit p) + " + f.knnCountWidth
            + "-bit count); 2 x " + k + " index comparators for the scan.");
  }

  @Override
  public Module build(Units units) {
    Formats f = units.formats();
    int k = f.knnK;
    int maxRows = units.config().maxRowsPerClass();
    int iw = f.knnIndexWidth;
    int cw = f.knnCountWidth;
    int aw = f.affinityWidth;
    int sw = f.sumAWidth;
    int pw = f.pCondWidth;
    int ww = weightWidth(f);
    int tw = totalWidth(f, maxRows);
    int rw = iw; // row numbers share the neighbour index width
    int ew = Formats.bits(Math.max(1, k - 1));
    int stw = Formats.bits(Math.max(1, pw - 1));
    int wordW = wordWidth(f);

    Module m = units.design().module(NAME, "conditional P per row into a " + maxRows + " x "
        + wordW + "-bit sparse store, then the joint P stream (CSR order)");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal inEnd = m.input("in_end_i", 1);
    Signal idxIn = m.input("idx_i", iw);
    Signal affIn = m.input("aff_i", aw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal outLast = m.output("out_last_o", 1);
    Signal outRow = m.output("out_row_o", rw);
    Signal outCol = m.output("out_col_o", iw);
    Signal outWeight = m.output("out_weight_o", ww);
    Signal outTotal = m.output("out_total_o", tw);

    Signal stLoad = m.constant("StLoad", 3, 0);
    Signal stDiv = m.constant("StDiv", 3, 1);
    Signal stWrite = m.constant("StWrite", 3, 2);
    Signal stFetch = m.constant("StFetch", 3, 3);
    Signal stHold = m.constant("StHold", 3, 4);
    Signal stRead = m.constant("StRead", 3, 5);
    Signal stCmp = m.constant("StCmp", 3, 6);
    Signal stOut = m.constant("StOut", 3, 7);
    Reg state = m.reg("state", 3, 0);
    Reg fin = m.reg("fin", 1, 0); // StOut of the class's last entry
    Reg cnt = m.reg("cnt", cw, 0);
    Reg end = m.reg("end", 1, 0);
    Reg row = m.reg("row", rw, 0);
    Reg nRows = m.reg("n_rows", rw, 0);
    Reg dcnt = m.reg("dcnt", ew, 0);
    Reg step = m.reg("step", stw, 0);
    Reg ri = m.reg("ri", rw, 0);
    Reg rj = m.reg("rj", rw, 0);
    Reg pendV = m.reg("pend_valid", 1, 0);
    Reg sum = m.regNoReset("sum", sw);
    Reg rem = m.regNoReset("rem", sw + 1);
    Reg quo = m.regNoReset("quo", pw - 1); // the earlier quotient bits; p_frac >= 1
    Reg[] idx = new Reg[k];
    Reg[] aff = new Reg[k];
    Reg[] p = new Reg[k];
    for (int e = 0; e < k; e++) {
      // Data only: read below cnt_q.
      idx[e] = m.regNoReset("ent_idx_" + e, iw);
      aff[e] = m.regNoReset("ent_aff_" + e, aw);
      p[e] = m.regNoReset("ent_p_" + e, pw);
    }

    Signal inFire = m.wire("in_fire", inValid.and(state.q().eq(stLoad)));
    m.assign(inReady, state.q().eq(stLoad));
    m.comment("Load: a first entry restarts the row's count and sum");
    Signal held = m.wire("held", Expr.mux(inFirst, Expr.lit(cw, 0), cnt.q()));
    Signal slot = m.wire("slot", Expr.mux(held.ge(k), Expr.lit(cw, k - 1), held).trunc(ew));
    for (int e = 0; e < k; e++) {
      Signal load = m.wire("take_" + e, inFire.and(slot.eq(e)));
      idx[e].next(idxIn).enableWhen(load);
      aff[e].next(affIn).enableWhen(load);
    }
    Expr sumBase = Expr.mux(inFirst, Expr.lit(sw, 0), sum.q());
    sum.next(sumBase.addWrap(affIn.zext(sw))).enableWhen(inFire);

    m.comment("Divide: remainder starts at a (<= S), then doubles; p_cond_width quotient bits");
    Expr sel = Expr.lit(aw, 0);
    for (int e = k - 1; e >= 0; e--) {
      sel = Expr.mux(dcnt.q().eq(e), aff[e].q(), sel);
    }
    Signal selAff = m.wire("sel_aff", sel);
    Signal trial = m.wire("trial", Expr.mux(step.q().eq(0), selAff.zext(sw + 1),
        Expr.cat(rem.q().slice(sw - 1, 0), Expr.lit(1, 0))));
    m.markUnused(rem.q().bit(sw)); // below S after every step
    Signal qbit = m.wire("qbit", trial.ge(sum.q().zext(sw + 1)));
    Signal dividing = m.wire("dividing", state.q().eq(stDiv));
    rem.next(Expr.mux(qbit, trial.subWrap(sum.q().zext(sw + 1)), trial)).enableWhen(dividing);
    Signal qNext = m.wire("q_next", Expr.cat(quo.q(), qbit));
    quo.next(qNext.slice(pw - 2, 0)).enableWhen(dividing);
    Signal lastStep = m.wire("last_step", dividing.and(step.q().eq(pw - 1)));
    for (int e = 0; e < k; e++) {
      p[e].next(qNext).enableWhen(m.wire("done_" + e, lastStep.and(dcnt.q().eq(e))));
    }
    Signal lastDiv = m.wire("last_div", lastStep.and(dcnt.q().resize(cw).addWrap(1).eq(cnt.q())));

    m.comment("Store: one word per row, {count, p[k-1], idx[k-1], ..., p[0], idx[0]}");
    Expr[] parts = new Expr[2 * k + 1];
    parts[0] = cnt.q();
    for (int e = 0; e < k; e++) {
      parts[1 + 2 * (k - 1 - e)] = p[e].q();
      parts[2 + 2 * (k - 1 - e)] = idx[e].q();
    }
    Memory store = m.memory("store_mem", maxRows, wordW);
    int aww = store.addressWidth();
    store.write(state.q().eq(stWrite), row.q().resize(aww), Expr.cat(parts));
    Signal rdAddr = m.wire("rd_addr", Expr.mux(state.q().eq(stFetch), ri.q(), rj.q()));
    Reg rd = m.regNoReset("rd", wordW);
    Signal rdEn = m.wire("rd_en", state.q().eq(stFetch).or(state.q().eq(stRead)
        .and(rj.q().ne(ri.q()))));
    rd.next(store.read(rdAddr.resize(aww))).enableWhen(rdEn);
    Reg hw = m.regNoReset("hold_word", wordW);
    hw.next(rd.q()).enableWhen(state.q().eq(stHold));

    m.comment("Scan: j in i's list gives p_j|i, i in j's list gives p_i|j");
    int ent = iw + pw;
    Signal hCnt = m.wire("h_cnt", hw.q().slice(wordW - 1, wordW - cw));
    Signal rCnt = m.wire("r_cnt", rd.q().slice(wordW - 1, wordW - cw));
    Expr hitA = Expr.lit(1, 0);
    Expr hitB = Expr.lit(1, 0);
    Expr pa = Expr.lit(pw, 0);
    Expr pb = Expr.lit(pw, 0);
    for (int e = 0; e < k; e++) {
      Expr hIdx = hw.q().slice(e * ent + iw - 1, e * ent);
      Expr hP = hw.q().slice(e * ent + ent - 1, e * ent + iw);
      Expr rIdx = rd.q().slice(e * ent + iw - 1, e * ent);
      Expr rP = rd.q().slice(e * ent + ent - 1, e * ent + iw);
      Signal a = m.wire("hit_a_" + e, hCnt.gt(e).and(hIdx.eq(rj.q().resize(iw))));
      Signal b = m.wire("hit_b_" + e, rCnt.gt(e).and(rIdx.eq(ri.q().resize(iw))));
      hitA = hitA.or(a);
      hitB = hitB.or(b);
      pa = pa.or(Expr.mux(a, hP, Expr.lit(pw, 0)));
      pb = pb.or(Expr.mux(b, rP, Expr.lit(pw, 0)));
    }
    Signal present = m.wire("present", hitA.or(hitB));
    Signal w = m.wire("w", pa.add(pb));
    Signal found = m.wire("found", state.q().eq(stCmp).and(present));

    m.comment("One entry held back (pend) so the last can be flagged; nxt waits behind it");
    Reg pRow = m.regNoReset("pend_row", rw);
    Reg pCol = m.regNoReset("pend_col", iw);
    Reg pW = m.regNoReset("pend_w", ww);
    Reg nCol = m.regNoReset("nxt_col", iw);
    Reg nW = m.regNoReset("nxt_w", ww);
    Reg nRow = m.regNoReset("nxt_row", rw);
    Reg total = m.regNoReset("total", tw);
    Signal outFire = m.wire("out_fire", state.q().eq(stOut).and(outReady));
    Signal takeNew = m.wire("take_new", found.and(pendV.q().not()));
    Signal fromNxt = m.wire("from_nxt", outFire.and(fin.q().not()));
    pRow.next(Expr.mux(takeNew, ri.q(), nRow.q())).enableWhen(takeNew.or(fromNxt));
    pCol.next(Expr.mux(takeNew, rj.q().resize(iw), nCol.q())).enableWhen(takeNew.or(fromNxt));
    pW.next(Expr.mux(takeNew, w, nW.q())).enableWhen(takeNew.or(fromNxt));
    Signal park = m.wire("park", found.and(pendV.q()));
    nRow.next(ri.q()).enableWhen(park);
    nCol.next(rj.q().resize(iw)).enableWhen(park);
    nW.next(w).enableWhen(park);
    total.next(Expr.mux(state.q().eq(stFetch).and(ri.q().eq(0)), Expr.lit(tw, 0),
        total.q().addWrap(w.zext(tw)))).enableWhen(found.or(state.q().eq(stFetch).and(ri.q().eq(0))));

    Signal lastJ = m.wire("last_col", rj.q().addWrap(1).eq(nRows.q()));
    Signal lastI = m.wire("last_row", ri.q().addWrap(1).eq(nRows.q()));
    Comb fsm = m.comb("Control");
    fsm.set(state.d(), state.q());
    fsm.set(cnt.d(), cnt.q());
    fsm.set(end.d(), end.q());
    fsm.set(row.d(), row.q());
    fsm.set(nRows.d(), nRows.q());
    fsm.set(dcnt.d(), dcnt.q());
    fsm.set(step.d(), step.q());
    fsm.set(ri.d(), ri.q());
    fsm.set(rj.d(), rj.q());
    fsm.set(pendV.d(), pendV.q());
    fsm.set(fin.d(), fin.q());
    java.util.function.Consumer<nms.rtl.hdl.Block> advance = b -> b.when(lastJ,
        c -> c.when(lastI, d -> {
          d.set(state.d(), stOut);
          d.set(fin.d(), Expr.lit(1, 1));
        }, d -> {
          d.set(ri.d(), ri.q().addWrap(1));
          d.set(state.d(), stFetch);
        }),
        c -> {
          c.set(rj.d(), rj.q().addWrap(1));
          c.set(state.d(), stRead);
        });
    fsm.select(state.q())
        .is(stLoad, b -> b.when(inFire, c -> {
          c.set(cnt.d(), Expr.mux(held.ge(k), held, held.addWrap(1)));
          c.when(inLast, d -> {
            d.set(state.d(), stDiv);
            d.set(end.d(), inEnd);
            d.set(dcnt.d(), Expr.lit(ew, 0));
            d.set(step.d(), Expr.lit(stw, 0));
          });
        }))
        .is(stDiv, b -> b.when(step.q().eq(pw - 1), c -> {
          c.set(step.d(), Expr.lit(stw, 0));
          c.set(dcnt.d(), dcnt.q().addWrap(1));
          c.when(lastDiv, d -> d.set(state.d(), stWrite));
        }, c -> c.set(step.d(), step.q().addWrap(1))))
        .is(stWrite, b -> b.when(end.q(), c -> {
          c.set(nRows.d(), row.q().addWrap(1));
          c.set(row.d(), Expr.lit(rw, 0));
          c.set(ri.d(), Expr.lit(rw, 0));
          c.set(pendV.d(), Expr.lit(1, 0));
          c.set(state.d(), stFetch);
        }, c -> {
          c.set(row.d(), row.q().addWrap(1));
          c.set(state.d(), stLoad);
        }))
        .is(stFetch, b -> b.set(state.d(), stHold))
        .is(stHold, b -> {
          b.set(rj.d(), Expr.lit(rw, 0));
          b.set(state.d(), stRead);
        })
        .is(stRead, b -> b.when(rj.q().eq(ri.q()), advance, c -> c.set(state.d(), stCmp)))
        .is(stCmp, b -> b.when(found.and(pendV.q()), c -> c.set(state.d(), stOut), c -> {
          c.when(found, d -> d.set(pendV.d(), Expr.lit(1, 1)));
          advance.accept(c);
        }))
        .is(stOut, b -> b.when(outReady, c -> c.when(fin.q(), d -> {
          d.set(fin.d(), Expr.lit(1, 0));
          d.set(pendV.d(), Expr.lit(1, 0));
          d.set(state.d(), stLoad);
        }, advance)));
    m.assign(outValid, state.q().eq(stOut));
    m.assign(outLast, fin.q());
    m.assign(outRow, pRow.q());
    m.assign(outCol, pCol.q());
    m.assign(outWeight, pW.q());
    m.assign(outTotal, total.q());

    // Assertions (simulation only).
    m.assertStableWhileStalled("out_stable", outValid, outReady, outLast, outRow, outCol,
        outWeight, outTotal);
    Reg open = m.reg("row_open", 1, 0);
    open.next(Expr.mux(inFire, inLast.not(), open.q()));
    m.assertImplies("in_framing", inFire, inFirst.eq(open.q().not()),
        "in_first_i must be high exactly on a row's first entry", inFirst, open.q());
    m.assertAtMost("count_range", cnt.q(), k);
    m.assertImplies("sum_nonzero", dividing, sum.q().ne(0),
        "a row's affinities must not all be 0", sum.q());
    m.assertImplies("in_index_range", inFire, idxIn.zext(rw + 1).lt(Expr.lit(rw + 1, maxRows)),
        "idx_i must be below max_rows_per_class", idxIn);
    m.assertImplies("fin_has_entry", outValid, pendV.q(), "an offered entry is held", pendV.q());
    return m;
  }
}
