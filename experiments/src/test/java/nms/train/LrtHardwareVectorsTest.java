package nms.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nms.config.ConfigException;
import nms.config.NmsConfig;
import nms.data.FashionMnist;
import nms.data.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LRT hardware vectors from real training: one set per layer, seeded, same bytes twice. */
class LrtHardwareVectorsTest {
    @TempDir
    Path dir;

    @Test
    void oneSetPerLayerWithTheLayersShapeAndTheSameBytesTwice() throws Exception {
        Images train = FashionMnist.load("train");
        Images test = FashionMnist.load("test");
        NmsConfig base = NmsConfig.defaults();
        List<LrtHardwareVectors.Layer> a = LrtHardwareVectors.generate(base, train, test, 40, 300, 3000, null);
        List<LrtHardwareVectors.Layer> b = LrtHardwareVectors.generate(base, train, test, 40, 300, 3000, null);
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), a.stream().map(LrtHardwareVectors.Layer::name).toList());
        int[][] shapes = {{9, 16}, {144, 16}, {400, 64}, {64, 10}};
        assertEquals(2, a.get(0).config().lrtLanes(), "conv1: 4 lanes would pad 7 beats for 6.25");
        for (int i = 0; i < a.size(); i++) {
            LrtHardwareVectors.Layer l = a.get(i);
            assertEquals(shapes[i][0], l.config().lrtN(), l.name());
            assertEquals(shapes[i][1], l.config().lrtM(), l.name());
            assertEquals(40, l.vectors().samples(), l.name());
            int lanes = l.config().lrtLanes();
            assertTrue(lanes <= base.lrtLanes()
                    && LrtHardwareVectors.paddingEfficiency(lanes, shapes[i][0], shapes[i][1]) >= 0.95
                    && (lanes == base.lrtLanes()
                        || LrtHardwareVectors.paddingEfficiency(lanes + 1, shapes[i][0], shapes[i][1]) < 0.95),
                    l.name() + ": the most lanes whose padding costs at most 5 %, got " + lanes);
            assertTrue(l.vectors().cells() >= 2 * l.config().lrtFormats().cells, l.name() + ": a whole attempt");
            assertTrue(l.skipAgree() <= 40 && l.referenceSkips() <= 40, l.name());
            Path da = Files.createDirectories(dir.resolve("a").resolve(l.name()));
            Path db = Files.createDirectories(dir.resolve("b").resolve(l.name()));
            l.vectors().write(da);
            b.get(i).vectors().write(db);
            // rotate vectors exist where a sample was accepted; same bytes on the second run too
            assertEquals(Files.exists(da.resolve("nms_lrt_rotate.csv")), l.vectors().rotateSides() > 0, l.name());
            assertEquals(l.vectors().rotateSides(), b.get(i).vectors().rotateSides(), l.name());
            List<String> units = l.vectors().rotateSides() > 0
                    ? List.of("nms_lrt_project.csv", "nms_lrt_write.csv", "nms_lrt_rotate.csv")
                    : List.of("nms_lrt_project.csv", "nms_lrt_write.csv");
            for (String unit : units) {
                assertArrayEquals(Files.readAllBytes(da.resolve(unit)), Files.readAllBytes(db.resolve(unit)),
                        l.name() + " " + unit);
            }
        }
    }

    @Test
    void aShapeTheSettingsCannotHoldIsRefusedBeforeTraining() {
        NmsConfig base = NmsConfig.defaults().with("lrt_lanes", "64");
        ConfigException e = assertThrows(ConfigException.class,
                () -> LrtHardwareVectors.generate(base, null, null, 10, 10, 10, null));
        assertTrue(e.getMessage().contains("lrt_lanes = 64 must not exceed max(lrt_n, lrt_m) = 16"), e.getMessage());
    }
}
