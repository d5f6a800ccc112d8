package nms.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.data.FashionMnist;
import nms.io.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden report's sketch fidelity rows: present only with a sketch, and within the bounds. */
class SketchReportTest {
    @TempDir Path tmp;

    Summary run(NmsConfig c, String name) throws Exception {
        // Real images: on synthetic near-duplicates the distances are as small as the rounding.
        Images test = FashionMnist.load("test");
        int[] rows = new int[24];
        for (int i = 0; i < 12; i++) {
            rows[i] = test.indicesOfClass(0)[i];
            rows[12 + i] = test.indicesOfClass(5)[i];
        }
        Images images = test.select(rows);
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("v"));
        return GoldenReport.run(c, images, "synthetic", 100, dir.resolve("v"), dir,
                new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    @Test
    void sketchRowsOnlyWithASketchAndWithinTheRoundingBound() throws Exception {
        NmsConfig base = NmsConfig.defaults().with("perplexity", "5");
        assertNull(run(base, "none").get("sketch_max_abs_error"));
        for (String kind : new String[] {"block", "projection"}) {
            NmsConfig c = base.withAll(List.of("sketch=" + kind, "sketch_width=8"));
            Summary s = run(c, kind);
            double abs = Double.parseDouble(s.get("sketch_max_abs_error"));
            double rel = Double.parseDouble(s.get("sketch_dist_rel_error"));
            assertTrue(abs > 0 && abs <= 0.5 + 1e-9, kind + " element error " + abs);
            assertTrue(rel > 0 && rel < 0.1, kind + " distance error " + rel);
            assertTrue(Files.readString(tmp.resolve(kind).resolve("report.md"))
                    .contains("Sketch (" + kind + ", spec section 11.1)"));
            assertTrue(Files.exists(tmp.resolve(kind).resolve("v").resolve("nms_sketch.csv")));
        }
        assertEquals(false, Files.exists(tmp.resolve("none").resolve("v").resolve("nms_sketch.csv")));
    }
}
