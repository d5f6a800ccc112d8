package nms.rtl.units;

import java.math.BigInteger;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SketchPattern;
import nms.golden.NmsSketch;
import nms.rtl.hdl.Expr;
import nms.rtl.hdl.Module;
import nms.rtl.hdl.Reg;
import nms.rtl.hdl.Signal;

/**
 * {@code nms_sketch} (docs/ARITHMETIC.md section 11.1): reduces one image, streamed in {@code
 * lanes}-pixel beats, to {@code sketch_dims} integer elements while it streams, and sends the
 * whole sketch in one output beat ({@code sketch_bits} wide: the engine writes it as one word of
 * its sketch store, and reads it back in {@code lanes}-element beats, element k in bits
 * {@code [k * sketch_width +: sketch_width]}).
 *
 * <p>Pipeline: stage 1 registers the beat and reads the pattern ROM (one word per beat index, a
 * 2-bit code per element and lane, so Yosys can map it to block RAM); stage 2 registers each
 * element's beat sum (code +1: the pixel, -1: its complement {@code max_pixel - x}, 0: nothing);
 * stage 3 accumulates and, on the image's last beat, loads the rounded sketch into the output
 * register. Flow control as {@code nms_distance}: every stage loads on {@code advance}, which is
 * low only while an image's last beat has reached the accumulator and the previous sketch is
 * still unread.
 */
public class SketchUnit implements UnitGenerator {
  public static final String NAME = "nms_sketch";
  /** Register stages from accepting an image's last beat to {@code out_valid_o}. */
  public static final int LATENCY = 3;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<?> twin() {
    return NmsSketch.class;
  }

  @Override
  public boolean appliesTo(NmsConfig config) {
    return config.formats().sketchPattern != null;
  }

  /** Code bits of element k, lane i in a ROM word: bit 0 = +1, bit 1 = -1. */
  static int codeBit(NmsConfig c, int k, int lane) {
    return 2 * (k * c.lanes() + lane);
  }

  /** The pattern ROM: word b holds the codes of beat b's pixels (pad lanes: code 0). */
  static BigInteger[] romWords(NmsConfig c) {
    Formats f = c.formats();
    SketchPattern p = f.sketchPattern;
    int lanes = c.lanes();
    BigInteger[] words = new BigInteger[f.beats];
    for (int b = 0; b < f.beats; b++) {
      BigInteger word = BigInteger.ZERO;
      for (int k = 0; k < p.elements(); k++) {
        for (int i = 0; i < lanes; i++) {
          int j = b * lanes + i;
          int code = j < c.dims() ? p.code(k, j) : 0;
          if (code != 0) {
            word = word.setBit(codeBit(c, k, i) + (code > 0 ? 0 : 1));
          }
        }
      }
      words[b] = word;
    }
    return words;
  }

  @Override
  public UnitSheet sheet(Units units, Module built) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    SketchPattern p = f.sketchPattern;
    int w = c.pixelWidth();
    int lanes = c.lanes();
    int lastLanes = c.dims() - (f.beats - 1) * lanes;
    String kind = f.sketchBlock > 0
        ? "block pooling of " + f.sketchBlock + " x " + f.sketchBlock + " pixel blocks into "
            + f.sketchSide + " x " + f.sketchSide + " elements"
        : "a sparse +-1 projection (density 1/" + c.sketchDensity() + ", seed " + c.seed()
            + ") into " + f.sketchDims + " elements";
    UnitSheet s = new UnitSheet()
        .summary("`sketch_k = round_shift(sum_j e(k, j), " + f.sketchShift + ")` with `e = x_j`"
            + " for code +1, `max_pixel - x_j` for code -1, 0 for code 0, over `dims` = "
            + c.dims() + " pixels: " + kind + " (docs/ARITHMETIC.md section 11.1). " + lanes
            + " lanes, " + f.beats + " beats per image, one " + f.sketchBits + "-bit sketch out.")
        .port("clk_i", "clock", "rising edge active")
        .port("rst_ni", "reset", "asynchronous, active low")
        .port("in_valid_i", "flag", "a beat of an image is offered")
        .port("in_ready_o", "flag", "the unit takes the beat this cycle")
        .port("in_first_i", "flag", "first beat of an image: the sums restart (they also"
            + " restart on the beat after `in_last_i`)")
        .port("in_last_i", "flag", "last beat of an image: its sketch follows")
        .port("pixels_i", lanes + " x " + w + "-bit unsigned", "pixels `b * " + lanes + " .. b * "
            + lanes + " + " + (lanes - 1) + "` of the image in beat b, lane 0 in bits ["
            + (w - 1) + ":0]")
        .port("out_valid_o", "flag", "`sketch_o` holds an image's sketch")
        .port("out_ready_i", "flag", "the receiver takes `sketch_o`")
        .port("sketch_o", f.sketchDims + " x " + f.sketchWidth + "-bit unsigned",
            "element k in bits [k * " + f.sketchWidth + " +: " + f.sketchWidth + "], each at most "
                + f.sketchMaxValue + " (`round_shift(max_k nonzeros(k) * max_pixel, "
                + f.sketchShift + ")`)")
        .timing(UnitSheet.LATENCY, "accepting an image's last beat to `out_valid_o`",
            "3 (beat and ROM word, beat sums, output register)", LATENCY)
        .timing(UnitSheet.II, "cycles per image, one beat per cycle",
            "beats = ceil(dims / lanes)", f.beats)
        .framing("The unit counts beats to address its pattern ROM: the beat index restarts at"
            + " 0 on `in_first_i` and on the first beat after `in_last_i` (and after reset)."
            + " A well-formed image is " + f.beats + " beats, `in_first_i` on the first,"
            + " `in_last_i` on the last (both on a one-beat image); the assertion `in_framing`"
            + " stops a simulation on any other framing.")
        .framing("While a finished sketch waits in `sketch_o`, the beats of the next image keep"
            + " flowing; the pipe stops only while the next image's last beat has reached the"
            + " accumulator and `sketch_o` is still unread.");
    if (lastLanes < lanes) {
      s.framing("Lanes " + lastLanes + ".." + (lanes - 1) + " of the last beat lie past dims = "
          + c.dims() + ": their codes are 0, so their values never count.");
    }
    return s
        .outOfRange("`in_first_i` missing on an image's first beat",
            "no effect when the previous image ended with `in_last_i` (the sums restart anyway)")
        .outOfRange("`in_first_i` inside an image",
            "the sums restart: the beat counts as beat 0 of a new image")
        .outOfRange("`in_last_i` early (fewer than " + f.beats + " beats)",
            "the rounded sums of the beats so far are sent (missing pixels add nothing, not even"
                + " the `max_pixel` of their -1 codes)")
        .outOfRange("`in_last_i` late or missing", "beats past beat " + (f.beats - 1)
            + " add nothing (their ROM word is 0); the sketch is sent on `in_last_i`")
        .note("Every accumulator stays within `nonzeros(k) * max_pixel` <= " + f.sketchMaxExact
            + " for any input sequence (each beat index is added at most once between restarts),"
            + " so nothing wraps; the assertions `acc_bound_<k>` check it.");
  }

  @Override
  public Module build(Units units) {
    NmsConfig c = units.config();
    Formats f = units.formats();
    SketchPattern p = f.sketchPattern;
    if (p == null) {
      throw new IllegalStateException(NAME + " needs sketch = block or projection, but the"
          + " configuration has sketch = none (the unit does not apply to it)");
    }
    int w = c.pixelWidth();
    int lanes = c.lanes();
    int elements = f.sketchDims;
    int accWidth = f.sketchAccWidth;
    int sw = f.sketchWidth;

    Module m = units.design().module(NAME, (f.sketchBlock > 0 ? "block pooling" : "projection")
        + " sketch of a " + c.dims() + " x " + w + "-bit image into " + elements + " x " + sw
        + "-bit elements, " + lanes + " lanes, " + f.beats + " beats per image");
    m.input("clk_i", 1);
    m.input("rst_ni", 1);
    Signal inValid = m.input("in_valid_i", 1);
    Signal inReady = m.output("in_ready_o", 1);
    Signal inFirst = m.input("in_first_i", 1);
    Signal inLast = m.input("in_last_i", 1);
    Signal pixels = m.input("pixels_i", lanes * w);
    Signal outValid = m.output("out_valid_o", 1);
    Signal outReady = m.input("out_ready_i", 1);
    Signal sketchOut = m.output("sketch_o", f.sketchBits);

    Signal advance = m.wire("advance", 1);
    m.assign(inReady, advance);
    Signal inFire = m.wire("in_fire", inValid.and(advance));

    // Beat index: saturates at beats, whose ROM word (past the table) is 0.
    m.comment("Beat index of the pattern ROM: restarts on in_first_i and after in_last_i, and"
        + " saturates at beats = " + f.beats + " (past the ROM: code 0)");
    int cntWidth = Formats.bits(f.beats);
    Reg cnt = m.reg("beat_cnt", cntWidth, 0);
    Signal start = m.wire("start", inFirst.or(cnt.q().eq(0)));
    Signal index = m.wire("beat_index", Expr.mux(inFirst, Expr.lit(cntWidth, 0), cnt.q()));
    Expr bumped = Expr.mux(index.eq(f.beats), index, index.add(1).narrow(cntWidth, f.beats));
    cnt.next(Expr.mux(inLast, Expr.lit(cntWidth, 0), bumped)).enableWhen(inFire);

    // Stage 1: the beat and its ROM word.
    m.comment("Stage 1: the beat and its pattern word, 2 bits per element and lane (bit 0: +1,"
        + " bit 1: -1), from nms.config.SketchPattern");
    int codeWidth = 2 * elements * lanes;
    Reg rom = m.regNoReset("codes", codeWidth);
    m.rom(rom.d(), romWords(c), index);
    rom.enableWhen(advance);
    Signal codes = rom.q();
    Signal px = m.regNoReset("s1_pixels", lanes * w).next(pixels).enableWhen(advance).q();
    Signal s1Valid = m.reg("s1_valid", 1, 0).next(inValid).enableWhen(advance).q();
    Signal s1First = m.reg("s1_first", 1, 0).next(start).enableWhen(advance).q();
    Signal s1Last = m.reg("s1_last", 1, 0).next(inLast).enableWhen(advance).q();

    // Stage 2: per element, the beat's terms summed.
    m.comment("Stage 2: per element the beat sum of its terms: x for +1, max_pixel - x = ~x for"
        + " -1, 0 for 0 (the -1 offset keeps every sum unsigned)");
    Expr[] lanePx = new Expr[lanes];
    Expr[] laneInv = new Expr[lanes];
    for (int i = 0; i < lanes; i++) {
      lanePx[i] = px.slice(w * i + w - 1, w * i);
      laneInv[i] = m.wire("s1_inv_" + i, lanePx[i].not());
    }
    Expr zero = Expr.lit(w, 0);
    Signal[] beatSum = new Signal[elements];
    for (int k = 0; k < elements; k++) {
      Expr[] level = new Expr[lanes];
      for (int i = 0; i < lanes; i++) {
        int bit = codeBit(c, k, i);
        level[i] = Expr.mux(codes.bit(bit), lanePx[i], Expr.mux(codes.bit(bit + 1), laneInv[i],
            zero));
      }
      while (level.length > 1) {
        Expr[] next = new Expr[(level.length + 1) / 2];
        for (int i = 0; i < next.length; i++) {
          next[i] = 2 * i + 1 < level.length ? level[2 * i].add(level[2 * i + 1]) : level[2 * i];
        }
        level = next;
      }
      Expr sum = level[0];
      beatSum[k] = m.regNoReset("s2_sum_" + k, sum.width()).next(sum).enableWhen(advance).q();
    }
    Signal s2Valid = m.reg("s2_valid", 1, 0).next(s1Valid).enableWhen(advance).q();
    Signal s2First = m.reg("s2_first", 1, 0).next(s1First).enableWhen(advance).q();
    Signal s2Last = m.reg("s2_last", 1, 0).next(s1Last).enableWhen(advance).q();

    // Stage 3: accumulate; the last beat loads the rounded sketch.
    m.comment("Stage 3: accumulate (each element at most nonzeros(k) * max_pixel <= "
        + f.sketchMaxExact + "), then round half-up by sketch_shift = " + f.sketchShift);
    Signal tailDone = m.wire("tail_done", s2Valid.and(s2Last));
    Signal outLoad = m.wire("out_load", tailDone.and(advance));
    Signal accLoad = m.wire("acc_load", s2Valid.and(advance));
    Expr[] rounded = new Expr[elements];
    Signal[] accSums = new Signal[elements];
    for (int k = 0; k < elements; k++) {
      long bound = (long) p.nonzeros(k) * f.maxPixel;
      Reg acc = m.regNoReset("acc_" + k, accWidth);
      Signal accSum = m.wire("acc_sum_" + k, Expr.mux(s2First, Expr.lit(accWidth, 0), acc.q())
          .add(beatSum[k]).narrow(accWidth, bound));
      acc.next(accSum).enableWhen(accLoad);
      accSums[k] = accSum;
      Expr r = f.sketchShift == 0 ? accSum
          : accSum.add(1L << (f.sketchShift - 1)).shr(f.sketchShift);
      long rmax = f.sketchShift == 0 ? bound
          : (bound + (1L << (f.sketchShift - 1))) >> f.sketchShift;
      rounded[elements - 1 - k] = r.narrow(sw, rmax);
    }
    Reg sketch = m.regNoReset("sketch", f.sketchBits).next(Expr.cat(rounded))
        .enableWhen(outLoad);
    Reg outValidReg = m.reg("out_valid", 1, 0);
    outValidReg.next(outLoad.or(outValidReg.q().and(outReady.not())));
    m.comment("The pipe stops only when a finished image meets a full, unread output register");
    m.assign(advance, tailDone.not().or(outValidReg.q().not()).or(outReady));
    m.assign(outValid, outValidReg.q());
    m.assign(sketchOut, sketch.q());

    m.assertStableWhileStalled("in_stable", inValid, inReady, inFirst, inLast, pixels);
    m.assertFraming("in_framing", inValid, inReady, inFirst, inLast, f.beats);
    m.assertStableWhileStalled("out_stable", outValid, outReady, sketchOut);
    m.assertOutstanding("images_in_flight", inFire.and(inLast), outValid.and(outReady), LATENCY);
    m.assertAtMost("beat_count", cnt.q(), f.beats);
    // The bound is checked on the loaded sum (acc_q has no reset, so it is X until then).
    for (int k = 0; k < elements; k++) {
      long bound = (long) p.nonzeros(k) * f.maxPixel;
      if (BigInteger.valueOf(bound).add(BigInteger.ONE).bitLength() <= accWidth) {
        m.assertImplies("acc_bound_" + k, accLoad, accSums[k].le(Expr.lit(accWidth, bound)),
            "accumulator " + k + " exceeds nonzeros * max_pixel = " + bound, accSums[k]);
      }
    }
    return m;
  }
}
