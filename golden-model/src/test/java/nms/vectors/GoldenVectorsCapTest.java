package nms.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import nms.config.NmsConfig;
import nms.data.Images;
import nms.data.SyntheticImages;
import nms.report.GoldenRun;

import org.junit.jupiter.api.Test;

/**
 * A cap on real-data vectors below one row's neighbour count still leaves the affinity file a
 * whole row to verify: an empty file made {@code ./nms flow --vectors-per-unit 10} fail on a
 * dense class of 40 rows (39 transactions per row).
 */
class GoldenVectorsCapTest {

    @Test
    void affinityKeepsOneWholeRowUnderASmallCap() {
        NmsConfig c = NmsConfig.defaults().withAll(List.of("pixel_width=4", "dims=8", "lanes=2"));
        Images images = SyntheticImages.generate(3, 2, 40, 4, 8);
        GoldenRun run = new GoldenRun(c, new PrintStream(OutputStream.nullOutputStream()));
        List<GoldenVectors.ClassRun> runs = new ArrayList<>();
        for (GoldenRun.ClassOutcome o : run.runClasses(images)) {
            runs.add(new GoldenVectors.ClassRun(o.images(), o.neighbours(), o.of(c.search()).rows()));
        }
        int perRow = runs.get(0).neighbours().dist()[0].length;
        VectorFile v = new GoldenVectors(c, "test", 10).affinity(runs);
        assertEquals(perRow, v.size(), "one whole row of " + perRow + " neighbours under a cap of 10");
        assertEquals(1, v.value(0, "first_i").intValueExact());
        assertEquals(1, v.value(perRow - 1, "last_i").intValueExact());
        VectorFile roomy = new GoldenVectors(c, "test", 3 * perRow).affinity(runs);
        assertEquals(0, roomy.size() % perRow, "whole rows only");
        assertEquals(true, roomy.size() >= perRow && roomy.size() <= 3 * perRow, "cap kept: " + roomy.size());
    }
}
