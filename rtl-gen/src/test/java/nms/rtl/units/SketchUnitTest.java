package nms.rtl.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nms.config.ConfigException;
import nms.config.Formats;
import nms.config.NmsConfig;
import nms.config.SketchPattern;
import nms.golden.NmsSketch;
import nms.rtl.Bench;
import nms.rtl.RtlEmitter;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Eda;
import nms.vectors.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nms_sketch} (docs/ARITHMETIC.md section 11.1): the unit exists only with a sketch (the
 * default configuration's units and bytes stay those of the other generators), its ROM holds the
 * pattern, and in Icarus it equals the golden twin, keeps the datasheet's latency and initiation
 * interval, behaves as the sheet says on out-of-range framing (built with {@code SYNTHESIS}, so
 * the assertions are out) and stops on it through its {@code in_framing} assertion otherwise.
 */
class SketchUnitTest {
  /** Projection, rounded (shift > 0), 16 pixels in 6 beats of 3 lanes: a pad lane per image. */
  static final String PROJECTION = "pixel_width=4,dims=16,lanes=3,metric=l1,max_rows_per_class=20,"
      + "perplexity=4,sketch=projection,sketch_dims=5,sketch_width=3,sketch_density=2";
  /** Block pooling 4 x 4 into 2 x 2 with one lane. */
  static final String BLOCK = "pixel_width=4,dims=16,lanes=1,max_rows_per_class=20,perplexity=4,"
      + "sketch=block,sketch_dims=4";

  @TempDir Path tmp;

  static NmsConfig config(String sets) {
    return NmsConfig.defaults().withAll(Arrays.asList(sets.split(",")));
  }

  static List<UnitGenerator> withoutSketch() {
    List<UnitGenerator> gens = new ArrayList<>();
    for (UnitGenerator g : RtlEmitter.UNITS) {
      if (!(g instanceof SketchUnit)) {
        gens.add(g);
      }
    }
    return gens;
  }

  @Test
  void theDefaultConfigurationHasNoSketchAndTheSameBytes() {
    NmsConfig d = NmsConfig.defaults();
    RtlEmitter.Emitted all = RtlEmitter.emit(d);
    RtlEmitter.Emitted others = RtlEmitter.emit(d, withoutSketch());
    assertFalse(all.units().contains(SketchUnit.NAME), all.units().toString());
    assertEquals(others.units(), all.units());
    assertEquals(others.files(), all.files());
    RtlEmitter.Emitted block = RtlEmitter.emit(d.with("sketch", "block"));
    java.util.List<String> plusSketch = new java.util.ArrayList<>(all.units());
    plusSketch.removeAll(block.units());
    assertEquals(java.util.List.of(), plusSketch, "a sketch configuration keeps every other unit");
    java.util.List<String> added = new java.util.ArrayList<>(block.units());
    added.removeAll(all.units());
    assertEquals(java.util.List.of(SketchUnit.NAME), added);
    assertTrue(block.files().containsKey("nms_sketch.sv") && block.files().containsKey(
        "nms_sketch.md") && block.files().containsKey("nms_sketch.f"));
  }

  @Test
  void theRomHoldsThePatternOfEveryPixel() {
    for (String sets : new String[] {PROJECTION, BLOCK, "sketch=block", "sketch=projection"}) {
      NmsConfig c = config(sets);
      Formats f = c.formats();
      SketchPattern p = f.sketchPattern;
      BigInteger[] words = SketchUnit.romWords(c);
      assertEquals(f.beats, words.length);
      int nonzero = 0;
      for (int b = 0; b < f.beats; b++) {
        for (int k = 0; k < f.sketchDims; k++) {
          for (int i = 0; i < c.lanes(); i++) {
            int j = b * c.lanes() + i;
            int bit = SketchUnit.codeBit(c, k, i);
            int code = (words[b].testBit(bit) ? 1 : 0) - (words[b].testBit(bit + 1) ? 1 : 0);
            assertEquals(j < c.dims() ? p.code(k, j) : 0, code, sets + " beat " + b + " k " + k);
            assertFalse(words[b].testBit(bit) && words[b].testBit(bit + 1), "code 11");
            nonzero += code != 0 ? 1 : 0;
          }
        }
      }
      int expected = 0;
      for (int k = 0; k < f.sketchDims; k++) {
        expected += p.nonzeros(k);
      }
      assertEquals(expected, nonzero, sets);
    }
  }

  @Test
  void badParametersAreRefusedWithTheirReason() {
    NmsConfig none = NmsConfig.defaults();
    Units units = new Units(none, new Design(Version.VERSION, none.hash()), RtlEmitter.UNITS);
    IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
        () -> units.get(SketchUnit.NAME));
    assertTrue(absent.getMessage().contains("no unit generator named nms_sketch"),
        absent.getMessage());
    IllegalStateException direct = assertThrows(IllegalStateException.class,
        () -> new SketchUnit().build(units));
    assertTrue(direct.getMessage().contains("sketch = none"), direct.getMessage());
    ConfigException square = assertThrows(ConfigException.class,
        () -> RtlEmitter.emit(NmsConfig.defaults().withAll(List.of("sketch=block", "dims=780"))));
    assertTrue(square.getMessage().contains("not a square"), square.getMessage());
    ConfigException side = assertThrows(ConfigException.class,
        () -> RtlEmitter.emit(NmsConfig.defaults().withAll(List.of("sketch=block",
            "sketch_dims=25"))));
    assertTrue(side.getMessage().contains("s dividing the image side 28"), side.getMessage());
  }

  // ---- simulation ------------------------------------------------------------------------------

  /** One beat as the bench drives it. */
  record Beat(boolean first, boolean last, int[] lanes) {}

  /**
   * The unit's framing rule, written independently of the golden twin: the beat index restarts
   * on first and after last, saturates at beats; each beat adds its codes' terms.
   */
  static List<long[]> streamModel(NmsConfig c, List<Beat> beats) {
    Formats f = c.formats();
    SketchPattern p = f.sketchPattern;
    List<long[]> out = new ArrayList<>();
    long[] acc = new long[f.sketchDims];
    int index = 0;
    for (Beat b : beats) {
      if (b.first() || index == 0) {
        index = 0;
        Arrays.fill(acc, 0);
      }
      for (int i = 0; i < c.lanes(); i++) {
        int j = index * c.lanes() + i;
        if (index < f.beats && j < c.dims()) {
          for (int k = 0; k < acc.length; k++) {
            int code = p.code(k, j);
            acc[k] += code > 0 ? b.lanes()[i] : code < 0 ? f.maxPixel - b.lanes()[i] : 0;
          }
        }
      }
      index = b.last() ? 0 : Math.min(index + 1, f.beats);
      if (b.last()) {
        long[] s = new long[acc.length];
        for (int k = 0; k < s.length; k++) {
          s[k] = f.sketchShift == 0 ? acc[k]
              : (acc[k] + (1L << (f.sketchShift - 1))) >> f.sketchShift;
        }
        out.add(s);
      }
    }
    return out;
  }

  static List<Beat> image(NmsConfig c, int[] px, Random rnd) {
    Formats f = c.formats();
    List<Beat> beats = new ArrayList<>();
    for (int b = 0; b < f.beats; b++) {
      int[] lanes = new int[c.lanes()];
      for (int i = 0; i < lanes.length; i++) {
        int j = b * c.lanes() + i;
        lanes[i] = j < px.length ? px[j] : rnd.nextInt(f.maxPixel + 1); // pad lanes: junk
      }
      beats.add(new Beat(b == 0, b == f.beats - 1, lanes));
    }
    return beats;
  }

  static int[] randomImage(NmsConfig c, Random rnd) {
    int[] px = new int[c.dims()];
    for (int j = 0; j < px.length; j++) {
      px[j] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(4) == 0 ? c.formats().maxPixel
          : rnd.nextInt(c.formats().maxPixel + 1);
    }
    return px;
  }

  static Bench bench(NmsConfig c, List<Beat> beats, List<Integer> completing, List<long[]> outs) {
    Formats f = c.formats();
    int w = c.pixelWidth();
    Bench b = new Bench(SketchUnit.NAME, List.of(new Bench.Port("in_first_i", 1),
        new Bench.Port("in_last_i", 1), new Bench.Port("pixels_i", c.lanes() * w)),
        List.of(new Bench.Port("sketch_o", f.sketchBits)));
    int o = 0;
    for (int i = 0; i < beats.size(); i++) {
      Beat beat = beats.get(i);
      BigInteger word = BigInteger.ZERO;
      for (int lane = c.lanes() - 1; lane >= 0; lane--) {
        word = word.shiftLeft(w).or(BigInteger.valueOf(beat.lanes()[lane]));
      }
      b.input(BigInteger.valueOf(beat.first() ? 1 : 0), BigInteger.valueOf(beat.last() ? 1 : 0),
          word);
      while (o < completing.size() && completing.get(o) == i) {
        BigInteger packed = BigInteger.ZERO;
        long[] s = outs.get(o);
        for (int k = s.length - 1; k >= 0; k--) {
          packed = packed.shiftLeft(f.sketchWidth).or(BigInteger.valueOf(s[k]));
        }
        b.expect(packed);
        o++;
      }
    }
    return b;
  }

  static List<Integer> lastBeats(List<Beat> beats) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < beats.size(); i++) {
      if (beats.get(i).last()) {
        at.add(i);
      }
    }
    return at;
  }

  Path emit(NmsConfig c, String name) throws Exception {
    Path rtl = tmp.resolve(name);
    RtlEmitter.emit(c).writeTo(rtl);
    return rtl;
  }

  Path icarus(Bench b, Path rtl, String name, boolean synthesis) throws Exception {
    Path dir = tmp.resolve(name);
    b.writeFiles(dir);
    Path image = dir.resolve("sim.vvp").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of("iverilog", "-g2012", "-o", image.toString(),
        "-s", "tb"));
    if (synthesis) {
      cmd.add("-DSYNTHESIS");
    }
    cmd.addAll(List.of("-c", SketchUnit.NAME + ".f", dir.resolve("tb.sv").toAbsolutePath()
        .toString()));
    Eda.run(rtl, cmd);
    return image;
  }

  @Test
  void equalsTheTwinWithTheSheetsLatencyAndInterval() throws Exception {
    for (String sets : new String[] {PROJECTION, BLOCK}) {
      NmsConfig c = config(sets);
      Formats f = c.formats();
      NmsSketch golden = new NmsSketch(c);
      Random rnd = new Random(7);
      List<Beat> beats = new ArrayList<>();
      List<long[]> expect = new ArrayList<>();
      int images = 12;
      int[] full = new int[c.dims()];
      Arrays.fill(full, f.maxPixel);
      for (int n = 0; n < images; n++) {
        int[] px = n == 0 ? full : n == 1 ? new int[c.dims()] : randomImage(c, rnd);
        beats.addAll(image(c, px, rnd));
        expect.add(golden.sketch(px));
      }
      assertEquals(expect.size(), streamModel(c, beats).size());
      for (int n = 0; n < images; n++) {
        assertTrue(Arrays.equals(expect.get(n), streamModel(c, beats).get(n)), "model " + n);
      }
      Path rtl = emit(c, "rtl_" + f.sketchDims);
      Bench b = bench(c, beats, lastBeats(beats), expect);
      Path image = icarus(b, rtl, "tb_" + f.sketchDims, false);
      Bench.Result stressed = Bench.runIcarus(image, 30, 40, 5).assertClean();
      assertEquals(images, stressed.outputs());
      Bench.Result free = Bench.runIcarus(image, 0, 0, 1).assertClean();
      assertEquals(images, free.outputs());
      Units units = new Units(c, new Design(Version.VERSION, c.hash()), RtlEmitter.UNITS);
      SketchUnit gen = new SketchUnit();
      UnitSheet sheet = gen.sheet(units, units.get(SketchUnit.NAME));
      long latency = -1;
      long ii = -1;
      for (UnitSheet.Timing t : sheet.timing()) {
        latency = t.key().equals(UnitSheet.LATENCY) ? t.value() : latency;
        ii = t.key().equals(UnitSheet.II) ? t.value() : ii;
      }
      assertEquals(f.beats, ii);
      for (Bench.Out o : free.outs()) {
        assertEquals(latency, o.latency(), sets + " latency of output " + o.index());
      }
      for (int i = 1; i < images; i++) {
        assertEquals(ii, free.outs().get(i).cycle() - free.outs().get(i - 1).cycle(),
            sets + " interval before output " + i);
      }
    }
  }

  /** A stream with every out-of-range framing the sheet describes. */
  static List<Beat> malformed(NmsConfig c, Random rnd) {
    Formats f = c.formats();
    List<Beat> beats = new ArrayList<>(image(c, randomImage(c, rnd), rnd));
    List<Beat> noFirst = image(c, randomImage(c, rnd), rnd); // after a last: no effect
    Beat b0 = noFirst.get(0);
    noFirst.set(0, new Beat(false, b0.last(), b0.lanes()));
    beats.addAll(noFirst);
    List<Beat> aborted = image(c, randomImage(c, rnd), rnd); // first again on beat 2: restart
    beats.addAll(aborted.subList(0, 2));
    beats.addAll(image(c, randomImage(c, rnd), rnd));
    List<Beat> early = image(c, randomImage(c, rnd), rnd); // last on beat 1
    Beat e1 = early.get(1);
    beats.add(early.get(0));
    beats.add(new Beat(false, true, e1.lanes()));
    List<Beat> late = image(c, randomImage(c, rnd), rnd); // 3 extra beats add nothing
    Beat tail = late.get(f.beats - 1);
    late.set(f.beats - 1, new Beat(tail.first(), false, tail.lanes()));
    for (int x = 0; x < 3; x++) {
      int[] junk = new int[c.lanes()];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = rnd.nextInt(f.maxPixel + 1);
      }
      late.add(new Beat(false, x == 2, junk));
    }
    beats.addAll(late);
    beats.addAll(image(c, randomImage(c, rnd), rnd)); // and a clean image after all that
    return beats;
  }

  @Test
  void outOfRangeFramingDoesWhatTheSheetSaysAndTheAssertionCatchesIt() throws Exception {
    NmsConfig c = config(PROJECTION);
    Random rnd = new Random(11);
    List<Beat> beats = malformed(c, rnd);
    List<long[]> expect = streamModel(c, beats);
    assertEquals(6, expect.size());
    Path rtl = emit(c, "rtl_oor");
    Bench b = bench(c, beats, lastBeats(beats), expect);
    Path image = icarus(b, rtl, "tb_oor", true);
    assertEquals(6, Bench.runIcarus(image, 30, 40, 3).assertClean().outputs());
    assertEquals(6, Bench.runIcarus(image, 0, 0, 1).assertClean().outputs());
    // The second image had no first flag and still equals the twin's sketch of its pixels.
    Path checked = icarus(b, rtl, "tb_oor_assert", false);
    Eda.Run run = Eda.exec(checked.getParent(), List.of("vvp", "-n", checked.toString(),
        "+gap=0", "+stall=0", "+seed=1"), 120);
    assertTrue(run.output().contains("ASSERTION FAILED nms_sketch.in_framing"), run.output());
  }
}
