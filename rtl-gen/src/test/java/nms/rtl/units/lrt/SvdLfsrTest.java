package nms.rtl.units.lrt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nms.config.NmsConfig;
import nms.golden.NmsLrtSvd;
import nms.rtl.Bench;
import nms.rtl.hdl.Design;
import nms.rtl.hdl.Eda;
import nms.rtl.hdl.Module;
import nms.vectors.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unrolled LFSR against {@code NmsLrtSvd.Lfsr}: reloads and long runs, gaps and stalls. */
class SvdLfsrTest {
  @TempDir Path tmp;

  @Test
  void drawsTheGoldenSigns() throws Exception {
    NmsConfig cfg = NmsConfig.defaults().with("lrt", "true");
    int q = cfg.lrtFormats().q;
    Design design = new Design(Version.VERSION, cfg.hash());
    Module top = SvdLfsr.build(design, q, 1);
    List<long[]> in = new ArrayList<>();
    List<Long> want = new ArrayList<>();
    NmsLrtSvd.Lfsr g = new NmsLrtSvd.Lfsr(1);
    Random rnd = new Random(5);
    for (int t = 0; t < 500; t++) {
      boolean load = t > 0 && rnd.nextInt(50) == 0;
      int seed = load ? NmsLrtSvd.Lfsr.seed(rnd.nextLong(), t) : 0;
      if (load) {
        g = new NmsLrtSvd.Lfsr(seed);
      }
      long bits = 0;
      for (int i = 0; i < q; i++) {
        bits |= (g.next() ? 1L : 0L) << i;
      }
      in.add(new long[] {load ? 1 : 0, seed & 0xFFFFFFFFL});
      want.add(bits);
    }
    Path dir = tmp.resolve("lfsr");
    List<String> sources = Eda.write(design, top, dir.resolve("rtl"));
    List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module",
        SvdLfsr.NAME));
    lint.addAll(sources);
    Eda.run(dir.resolve("rtl"), lint);
    Path sim = bench(in, want, q, -1).build(dir.resolve("tb"), dir.resolve("rtl"));
    Bench.run(sim, 0, 0, 1).assertClean();
    Bench.run(sim, 40, 50, 2).assertClean();
    Path bad = bench(in, want, q, 321).build(dir.resolve("tb_bad"), dir.resolve("rtl"));
    assertTrue(Bench.run(bad, 40, 50, 2).errors() > 0, "a flipped sign went unnoticed");
  }

  private static Bench bench(List<long[]> in, List<Long> want, int q, int mutate) {
    Bench b = new Bench(SvdLfsr.NAME, List.of(new Bench.Port("load_i", 1),
        new Bench.Port("seed_i", 32)), List.of(new Bench.Port("signs_o", q)));
    for (int t = 0; t < in.size(); t++) {
      b.input(in.get(t)).expect(t == mutate ? want.get(t) ^ 1 : want.get(t));
    }
    return b;
  }
}
