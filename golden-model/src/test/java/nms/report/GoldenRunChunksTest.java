package nms.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.data.SyntheticImages;
import nms.io.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nms golden} on classes larger than max_rows_per_class: one outcome per chunk (spec 10.5). */
class GoldenRunChunksTest {
    @TempDir Path tmp;

    static final NmsConfig C = NmsConfig.defaults().withAll(List.of("pixel_width=4", "dims=10",
            "lanes=4", "max_rows_per_class=20", "perplexity=2"));

    @Test
    void aLargeClassRunsAsItsChunks() throws Exception {
        Images images = SyntheticImages.generate(5, 2, 47, 4, 10);
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        List<GoldenRun.ClassOutcome> out = new GoldenRun(C, quiet).runClasses(images);
        // 47 rows: chunks of 15, 16, 16 (rows 0..14, 15..30, 31..46), per class.
        assertEquals(6, out.size());
        int[] sizes = {15, 16, 16};
        for (int k = 0; k < 6; k++) {
            GoldenRun.ClassOutcome o = out.get(k);
            assertEquals(k / 3, o.label());
            assertEquals(k % 3, o.chunk());
            assertEquals(sizes[k % 3], o.images().rows());
            assertEquals(images.ofClass(k / 3).pixels()[new int[] {0, 15, 31}[k % 3]], o.images().pixels()[0]);
        }
        Path v = Files.createDirectories(tmp.resolve("v"));
        Summary s = GoldenReport.run(C, images, "synthetic", 100, v, tmp, quiet);
        assertEquals("2", s.get("classes"));
        // One engine vector per chunk, as the engine is started once per chunk.
        long engineRows = Files.readAllLines(v.resolve("nms_engine.csv")).stream()
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && Character.isDigit(l.charAt(0))).count();
        assertEquals(6, engineRows);
        assertTrue(Files.readString(tmp.resolve("report.md")).contains("| 1.2 | 16 |"));
    }
}
