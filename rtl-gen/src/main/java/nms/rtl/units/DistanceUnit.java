package nms.rtl.units;

import nms.config.Formats;
import nms.config.Metric;
import nms.config.NmsConfig;
import nms.golden.NmsDistance;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_distance} (docs/ARITHMETIC.md sections 4 and 9): {@code lanes} pixels of each operand
 * per beat, per-lane {@code |a - b|} (registered, then squared in a stage of its own for L2), a
 * pipelined adder tree, and an accumulator over the pair's beats framed by {@code in_first_i}/{@code
 * in_last_i}.
 *
 * <p>Timing: one beat per cycle (II = 1) while {@code dist_o} is not back-pressured; a pair of
 * {@code beats} beats therefore takes exactly {@code beats} cycles. {@code dist_o} appears
 * {@link #latency} cycles after the pair's last beat is accepted.
 *
 * <p>Flow control: every pipeline register loads on {@code advance}, which is low only while the
 * beat at the tail of the pipe is a pair's last one and the output register still holds an
 * unconsumed distance. So the pipe stops as one (nothing is lost or duplicated), the result is held
 * while {@code out_valid_o && !out_ready_i}, and the beats of the next pair keep flowing while the
 * previous distance waits.
 */
public class DistanceUnit implements UnitGenerator {
  public static final String NAME = "nms_distance";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsDistance.class;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    int w = c.pixelWidth();
    int lanes = c.lanes();
    int lastLanes = c.dims() - (f.beats - 1) * lanes;
    String pixels = lanes + " x " + w + "-bit unsigned";
    UnitSheet s = new UnitSheet()
        .summary("`dist = sum_k (a_k - b_k)^2` (l2) or `sum_k |a_k - b_k|` (l1) over `dims` = "
            + c.dims() + " pixels, exact (docs/ARITHMETIC.md section 4). Metric "
            + c.metric().name().toLowerCase(java.util.Locale.ROOT) + ", " + lanes
            + " lanes, " + f.beats + " beats per pair.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a beat of a pair is offered")
        .port("in_ready_o", "flag", "the unit takes the beat this cycle")
        .port("in_first_i", "flag", "first beat of a pair: the sum restarts")
        .port("in_last_i", "flag", "last beat of a pair: the distance follows")
        .port("a_i", pixels, "pixels `b * " + lanes + " .. b * " + lanes + " + " + (lanes - 1)
            + "` of image A in beat b, lane 0 in bits [" + (w - 1) + ":0]")
        .port("b_i", pixels, "the same pixels of image B")
        .port("out_valid_o", "flag", "`dist_o` holds a pair's distance")
        .port("out_ready_i", "flag", "the receiver takes `dist_o`")
        .port("dist_o", "unsigned integer", "the pair's distance, at most `dims * max_term` = "
            + f.maxDist)
        .timing(UnitSheet.LATENCY, "accepting a pair's last beat to `out_valid_o`",
            "2 + (metric == l2 ? 1 : 0) + ceil(ceil(log2(lanes)) / adder_levels_per_stage)",
            latency(c))
        .timing(UnitSheet.II, "cycles per pair, one beat per cycle",
            "beats = ceil(dims / lanes)", f.beats)
        .framing("The unit trusts the flags and counts no beats: `in_first_i` restarts the sum,"
            + " `in_last_i` ends the pair and sends its distance. A well-formed pair is "
            + f.beats + " beats, `in_first_i` on the first, `in_last_i` on the last (both on a"
            + " one-beat pair).")
        .framing("While a finished distance waits in `dist_o`, the beats of the next pair keep"
            + " flowing; the pipe stops only while the next pair's last beat has reached the"
            + " accumulator and `dist_o` is still unread.");
    if (lastLanes < lanes) {
      s.framing("On a beat with `in_last_i`, lanes " + lastLanes + ".." + (lanes - 1)
          + " (past dims = " + c.dims() + ") are forced to 0 on both operands, so junk there"
          + " never counts.");
    }
    return s
        .outOfRange("`in_first_i` missing on a pair's first beat",
            "the beats add onto the previous pair's sum (the accumulator is not cleared),"
                + " wrapping modulo 2^" + f.distWidth + " (dist_width)")
        .outOfRange("`in_last_i` early (fewer than " + f.beats + " beats)",
            "the distance of the beats so far is sent"
                + (lastLanes < lanes ? ", with lanes " + lastLanes + ".." + (lanes - 1)
                    + " of the early last beat forced to 0" : ""))
        .outOfRange("`in_last_i` late or missing", "the beats keep adding; no output until"
            + " `in_last_i`");
  }

  /** Adder-tree levels: {@code ceil(log2(lanes))}. */
  public static int treeLevels(int lanes) {
    return 32 - Integer.numberOfLeadingZeros(lanes - 1);
  }

  /** Register stages of the adder tree: one after every {@code adder_levels_per_stage} levels. */
  public static int treeStages(NmsConfig c) {
    int levels = treeLevels(c.lanes());
    int k = c.adderLevelsPerStage();
    return (levels + k - 1) / k;
  }

  /**
   * Cycles from accepting a pair's last beat to {@code out_valid_o}: the lane register of
   * {@code |a - b|}, for L2 the square register, the tree stages and the output register.
   */
  public static int latency(NmsConfig c) {
    return 2 + (c.metric() == Metric.L2 ? 1 : 0) + treeStages(c);
  }

  /** Width of one lane's term: the square of a pixel difference (L2) or the difference (L1). */
  protected int laneTermWidth(NmsConfig c) {
    return c.metric() == Metric.L2 ? 2 * c.pixelWidth() : c.pixelWidth();
  }

  /** Width of the accumulator and of {@code dist_o}. */
  protected int accumulatorWidth(Formats f) {
    return f.distWidth;
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    return build(units, NAME, c.dims(), c.pixelWidth(), f.beats, laneTermWidth(c),
        accumulatorWidth(f), f.maxDist, "images");
  }

  /**
   * The sketch distance the one-pass engine compares (spec 10.2, 11.1): section 4's datapath over
   * {@code sketch_dims} elements of {@code sketch_width} bits in {@code sketch_beats} beats,
   * exact in {@code sketch_dist_width} bits. Not a unit of its own: its arithmetic is
   * {@code NmsDistance.ofSketches}, checked through {@code nms_engine}'s vectors.
   */
  public static Module buildSketch(Units units, String name) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    int w = f.sketchWidth;
    return build(units, name, f.sketchDims, w, f.sketchBeats,
        c.metric() == Metric.L2 ? 2 * w : w, f.sketchDistWidth, f.sketchMaxDist, "sketches");
  }

  private static Module build(Units units, String name, int dims, int w, int beats,
      int termWidth, int accWidth, long maxDist, String what) {
    NmsConfig c = units.config();
    int lanes = c.lanes();

    Module m = units.design().module(name,
        (c.metric() == Metric.L2 ? "squared L2" : "L1") + " distance of two " + dims + " x "
            + w + "-bit " + what + ", " + lanes + " lanes, " + beats + " beats per pair");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal a = m.input("a_i", lanes * w);
    Signal b = m.input("b_i", lanes * w);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal distOut = m.output("dist_o", accWidth);

    Signal advance = m.wire("advance", 1);
    m.assign(inReady, advance);

    // Lane stage.
    int pixelsInLastBeat = dims - (beats - 1) * lanes;
    if (pixelsInLastBeat < lanes) {
      m.comment("Lanes " + pixelsInLastBeat + ".." + (lanes - 1) + " of a pair's last beat lie past"
          + " dims = " + dims + ": forced to 0 so they cannot add to the distance");
    }
    m.comment(c.metric() == Metric.L2
        ? "Per-lane |a - b|, squared: exact in 2 * pixel_width bits"
        : "Per-lane |a - b|: exact in pixel_width bits");
    boolean square = c.metric() == Metric.L2;
    Expr[] level = new Expr[lanes];
    for (int i = 0; i < lanes; i++) {
      Expr diff = Arith.absDiff(a.slice(w * i + w - 1, w * i), b.slice(w * i + w - 1, w * i));
      if (i >= pixelsInLastBeat) {
        diff = Expr.mux(inLast, Expr.lit(w, 0), diff);
      }
      Signal d = m.wire("lane_diff_" + i, diff);
      level[i] = m.regNoReset("lane_abs_" + i, w).next(d).enableWhen(advance).q();
    }
    Signal valid = m.reg("lane_valid", 1, 0).next(inValid).enableWhen(advance).q();
    Signal first = m.reg("lane_first", 1, 0).next(inFirst).enableWhen(advance).q();
    Signal last = m.reg("lane_last", 1, 0).next(inLast).enableWhen(advance).q();
    if (square) {
      m.comment("Square stage: the registered |a - b| squared, so subtract and multiply never"
          + " share a cycle (the iCE40 critical path without it)");
      for (int i = 0; i < lanes; i++) {
        level[i] = m.regNoReset("lane_sq_" + i, termWidth).next(level[i].mul(level[i]))
            .enableWhen(advance).q();
      }
      valid = m.reg("sq_valid", 1, 0).next(valid).enableWhen(advance).q();
      first = m.reg("sq_first", 1, 0).next(first).enableWhen(advance).q();
      last = m.reg("sq_last", 1, 0).next(last).enableWhen(advance).q();
    }

    // Adder tree: each level adds pairs exactly (one bit more); an odd node passes through.
    int levels = treeLevels(lanes);
    int perStage = c.adderLevelsPerStage();
    for (int l = 1; l <= levels; l++) {
      boolean registered = l % perStage == 0 || l == levels;
      m.comment("Adder tree level " + l + " of " + levels
          + (registered ? ", registered" : ", combinational (adder_levels_per_stage = "
              + perStage + ")"));
      Expr[] next = new Expr[(level.length + 1) / 2];
      for (int i = 0; i < next.length; i++) {
        Expr sum = 2 * i + 1 < level.length ? level[2 * i].add(level[2 * i + 1]) : level[2 * i];
        String node = "tree_l" + l + "_" + i;
        next[i] = registered
            ? m.regNoReset(node, sum.width()).next(sum).enableWhen(advance).q()
            : m.wire(node, sum);
      }
      if (registered) {
        valid = m.reg("tree_l" + l + "_valid", 1, 0).next(valid).enableWhen(advance).q();
        first = m.reg("tree_l" + l + "_first", 1, 0).next(first).enableWhen(advance).q();
        last = m.reg("tree_l" + l + "_last", 1, 0).next(last).enableWhen(advance).q();
      }
      level = next;
    }
    Expr beatSum = level[0];

    // Accumulator and output register.
    m.comment("Accumulate the pair's beats: the first beat restarts the sum. The sum is at most"
        + " dims * max_term = " + maxDist + " (padding lanes add 0)");
    Reg acc = m.regNoReset("acc", accWidth);
    Signal accSum = m.wire("acc_sum",
        Expr.mux(first, Expr.lit(accWidth, 0), acc.q()).add(beatSum).narrow(accWidth, maxDist));
    Signal tailDone = m.wire("tail_done", valid.and(last));
    Signal outLoad = m.wire("out_load", tailDone.and(advance));
    acc.next(accSum).enableWhen(m.wire("acc_load", valid.and(advance)));
    Reg dist = m.regNoReset("dist", accWidth).next(accSum).enableWhen(outLoad);
    Reg outValidReg = m.reg("out_valid", 1, 0);
    outValidReg.next(outLoad.or(outValidReg.q().and(outReady.not())));
    m.comment("The pipe stops only when a finished pair meets a full, unread output register");
    m.assign(advance, tailDone.not().or(outValidReg.q().not()).or(outReady));
    m.assign(outValid, outValidReg.q());
    m.assign(distOut, dist.q());

    // Assertions (simulation only): the integrator's handshake and framing, the unit's own.
    // No wires for what only assertions read: the unread-bit check would count them.
    Expr inFire = inValid.and(inReady);
    m.assertStableWhileStalled("in_stable", inValid, inReady, inFirst, inLast, a, b);
    m.assertFraming("in_framing", inValid, inReady, inFirst, inLast, beats);
    m.assertStableWhileStalled("out_stable", outValid, outReady, distOut);
    m.assertOutstanding("one_dist_per_pair", inFire.and(inLast), outValid.and(outReady),
        latency(c) + 1);
    m.assertAtMostWhen("dist_in_range", outValidReg.q(), dist.q(), maxDist);
    return m;
  }
}
