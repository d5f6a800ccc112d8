package nms.rtl.units;

import nms.config.Formats;
import nms.golden.NmsKnn;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_knn} (docs/ARITHMETIC.md section 11.2): keeps the k = {@code knn_k} nearest of a
 * row's candidates in a sorted insertion array of k registers and streams them out, nearest first,
 * after the row's last candidate.
 *
 * <p>Every slot compares the candidate with its entry at once ({@code before_i}: the candidate's
 * (distance, index) is smaller, or the slot is empty). Since the array is sorted, the slots where
 * it holds are a suffix: the first of them takes the candidate, the others take their left
 * neighbour's entry, and the last entry of a full array falls off. So one candidate enters per
 * cycle (II = 1) and nothing is searched. Draining shifts the array one slot toward slot 0, whose
 * entry is the output register; no k-to-1 multiplexer is needed.
 *
 * <p>Flow control: {@code in_ready_o} is low exactly while a row drains ({@code drain_q}); the
 * output is slot 0 itself, which changes only on a handshake, so it holds while stalled.
 */
public class KnnUnit implements UnitGenerator {
  public static final String NAME = "nms_knn";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsKnn.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    Formats f = units.formats();
    int k = f.knnK;
    return new UnitSheet()
        .summary("Keeps the k = " + k + " (`knn_k = min(floor(3 * perplexity), max_rows_per_class"
            + " - 1)`) nearest of a row's candidates and streams them out sorted by distance,"
            + " equal distances by smaller index (docs/ARITHMETIC.md section 11.2). A row of c"
            + " candidates yields min(c, " + k + ") entries. The caller leaves the row itself out"
            + " of its candidates.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a candidate is offered")
        .port("in_ready_o", "flag", "the unit takes the candidate this cycle (low while a row"
            + " drains)")
        .port("in_first_i", "flag", "first candidate of a row: the array restarts empty")
        .port("in_last_i", "flag", "last candidate of a row: the kept entries follow")
        .port("idx_i", "unsigned integer", "the candidate's row index, 0 .. "
            + ((1L << f.knnIndexWidth) - 1) + " (knn_index_width = " + f.knnIndexWidth + ")")
        .port("dist_i", "unsigned integer", "the candidate's distance to the row (knn_dist_width"
            + " = " + f.knnDistWidth + ")")
        .port("out_valid_o", "flag", "`out_idx_o`/`out_dist_o` hold a kept entry")
        .port("out_ready_i", "flag", "the receiver takes the entry")
        .port("out_last_o", "flag", "the row's last (farthest) kept entry")
        .port("out_idx_o", "unsigned integer", "a kept entry's row index")
        .port("out_dist_o", "unsigned integer", "a kept entry's distance, non-decreasing along a"
            + " row")
        .timing(UnitSheet.LATENCY, "accepting a row's last candidate to `out_valid_o` of its"
            + " nearest entry", "1", 1)
        .timing(UnitSheet.II, "cycles per candidate while a row streams in", "1", 1)
        .timing("row_cycles", "cycles from a row's first candidate to the next row's, c >= "
            + k + " candidates streaming and the output never stalled (in_ready_o is low while"
            + " a row drains); value at c = max_rows_per_class - 1 = " + (units.config()
            .maxRowsPerClass() - 1), "c + knn_k", units.config().maxRowsPerClass() - 1L + k)
        .framing("A row is c >= 1 candidates, `in_first_i` on the first, `in_last_i` on the last"
            + " (both on a one-candidate row); the unit counts none. Its output is min(c, " + k
            + ") entries, `out_last_o` on the last.")
        .framing("The next row's candidates are taken from the cycle after its last entry is"
            + " taken.")
        .outOfRange("`in_first_i` missing on a row's first candidate",
            "the candidate joins what the array holds (after a drained row, nothing: the row"
                + " still comes out right; the first-candidate assertion fires)")
        .outOfRange("`in_first_i` inside a row", "the array restarts: the candidates before it"
            + " are forgotten (the first-candidate assertion fires)")
        .outOfRange("the same (distance, index) twice in a row",
            "the second goes after the first; both may be kept (the sorted assertion fires)")
        .note("Self exclusion: the unit never sees the row's own index; the caller sends only"
            + " the other rows (a row's own distance 0 would otherwise be kept first).")
        .note("Insertion array: " + k + " entries x " + f.knnEntryWidth + " bits = "
            + f.knnArrayBits + " flip-flops, " + k + " (distance, index) comparators.");
  }

  @Override
  public Module build(Units units) {
    Formats f = units.formats();
    int k = f.knnK;
    int dw = f.knnDistWidth;
    int iw = f.knnIndexWidth;
    int cw = f.knnCountWidth;

    Module m = units.design().module(NAME, "the " + k + " nearest of a row's candidates"
        + " ({dist, index} of " + dw + " + " + iw + " bits), sorted insertion array, II 1");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal idxIn = m.input("idx_i", iw);
    Signal distIn = m.input("dist_i", dw);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal outLast = m.output("out_last_o", 1);
    Signal idxOut = m.output("out_idx_o", iw);
    Signal distOut = m.output("out_dist_o", dw);

    Reg count = m.reg("count", cw, 0);
    Reg drain = m.reg("drain", 1, 0);
    Reg[] dist = new Reg[k];
    Reg[] idx = new Reg[k];
    for (int i = 0; i < k; i++) {
      // Data only: a slot is read only below count_q.
      dist[i] = m.regNoReset("ent_dist_" + i, dw);
      idx[i] = m.regNoReset("ent_idx_" + i, iw);
    }

    Signal inFire = m.wire("in_fire", inValid.and(drain.q().not()));
    Signal outFire = m.wire("out_fire", drain.q().and(outReady));
    m.assign(inReady, drain.q().not());

    m.comment("A first candidate sees an empty array, so a row never depends on the last one");
    Signal held = m.wire("held", Expr.mux(inFirst, Expr.lit(cw, 0), count.q()));
    Signal[] before = new Signal[k];
    for (int i = 0; i < k; i++) {
      Expr empty = held.le(i);
      Expr nearer = distIn.lt(dist[i].q())
          .or(distIn.eq(dist[i].q()).and(idxIn.lt(idx[i].q())));
      before[i] = m.wire("before_" + i, empty.or(nearer));
    }
    m.comment("Insert: the first slot the candidate goes before takes it, the later ones shift"
        + " right; drain: every slot takes its right neighbour, slot 0 being the output");
    for (int i = 0; i < k; i++) {
      Expr insertD = i == 0 ? distIn : Expr.mux(before[i - 1], dist[i - 1].q(), distIn);
      Expr insertI = i == 0 ? idxIn : Expr.mux(before[i - 1], idx[i - 1].q(), idxIn);
      if (i + 1 < k) {
        dist[i].next(Expr.mux(drain.q(), dist[i + 1].q(), insertD));
        idx[i].next(Expr.mux(drain.q(), idx[i + 1].q(), insertI));
        Signal load = m.wire("load_" + i, inFire.and(before[i]).or(outFire));
        dist[i].enableWhen(load);
        idx[i].enableWhen(load);
      } else {
        dist[i].next(insertD);
        idx[i].next(insertI);
        Signal load = m.wire("load_" + i, inFire.and(before[i]));
        dist[i].enableWhen(load);
        idx[i].enableWhen(load);
      }
    }

    m.comment("Entries held: one more per candidate up to k = " + k + ", one fewer per output");
    Expr full = held.eq(k);
    Expr grown = Expr.mux(full, held, held.addWrap(1));
    count.next(Expr.mux(inFire, grown, Expr.mux(outFire, count.q().subWrap(1), count.q())));
    Expr lastOut = count.q().eq(1);
    drain.next(Expr.mux(inFire.and(inLast), Expr.lit(1, 1),
        Expr.mux(outFire.and(lastOut), Expr.lit(1, 0), drain.q())));

    m.assign(outValid, drain.q());
    m.assign(outLast, m.wire("last_entry", drain.q().and(lastOut)));
    m.assign(idxOut, idx[0].q());
    m.assign(distOut, dist[0].q());

    // Assertions (simulation only).
    // Inputs are sampled only on a handshake, so a sender may withdraw a candidate (section 9
    // holds only outputs stable); the output rule is checked.
    m.assertStableWhileStalled("out_stable", outValid, outReady, outLast, idxOut, distOut);
    m.assertImplies("in_framing", inFire, inFirst.eq(count.q().eq(0)),
        "in_first_i must be high exactly on a row's first candidate (when the array is empty)",
        inFirst, count.q());
    m.assertOutstanding("rows_in_flight", inFire.and(inLast), outFire.and(outLast), 1);
    m.assertAtMost("count_range", count.q(), k);
    m.assertImplies("drain_nonempty", drain.q(), count.q().ne(0),
        "a draining row holds at least one entry", count.q());
    if (k > 1) {
      Expr sorted = null;
      for (int i = 1; i < k; i++) {
        Expr pair = count.q().le(i).or(dist[i - 1].q().lt(dist[i].q())
            .or(dist[i - 1].q().eq(dist[i].q()).and(idx[i - 1].q().lt(idx[i].q()))));
        sorted = sorted == null ? pair : sorted.and(pair);
      }
      m.assertAlways("entries_sorted", sorted,
          "held entries must be strictly increasing by (distance, index)", count.q());
    }
    return m;
  }
}
