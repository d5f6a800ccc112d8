package nms.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nms.config.NmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nms rtl}: the folder it writes, and that a refused configuration leaves nothing. */
class RtlCommandTest {
    @TempDir
    Path dir;

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryUnitWithFilelistsHeaderAndSummary() throws Exception {
        Path conf = dir.resolve("small.conf");
        Files.writeString(conf, "lanes = 8\ndims = 100\n");
        Path out = dir.resolve("rtl");
        assertEquals(0, Main.run("rtl", "--config", conf.toString(), "--set", "pixel_width=12",
                "--out", out.toString()));
        List<String> files = names(out);
        for (String unit : List.of("nms_distance", "nms_exp2", "nms_affinity")) {
            assertTrue(files.contains(unit + ".sv") && files.contains(unit + ".f"), files.toString());
            assertTrue(files.contains(unit + ".md"), files.toString());
        }
        assertTrue(files.contains("nms_config.h") && files.contains("summary.csv"), files.toString());
        String hash = NmsConfig.load(conf).with("pixel_width", "12").hash();
        assertTrue(Files.readString(out.resolve("nms_config.h"))
                .matches("(?s).*#define NMS_CONFIG_HASH +\"" + hash + "\"\n.*"));
        assertTrue(Files.readString(out.resolve("nms_config.h")).contains("NMS_PIXEL_WIDTH"));
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("config_hash," + hash));
        assertTrue(Files.readString(out.resolve("nms_distance.sv")).contains("Config hash: " + hash));
        assertTrue(Files.readString(out.resolve("nms_distance.md")).contains("| config hash | `" + hash + "`"));

        // Same configuration, same bytes; the folder is replaced, not merged into.
        Files.writeString(out.resolve("stale.txt"), "old");
        assertEquals(0, Main.run("rtl", "--config", conf.toString(), "--set", "pixel_width=12",
                "--out", out.toString()));
        assertEquals(files, names(out));
        Path again = dir.resolve("again");
        assertEquals(0, Main.run("rtl", "--config", conf.toString(), "--set", "pixel_width=12",
                "--out", again.toString()));
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(out.resolve(f)), Files.readAllBytes(again.resolve(f)), f);
        }
    }

    @Test
    void refusedConfigurationNamesTheFieldAndWritesNothing() throws Exception {
        Path out = dir.resolve("rtl");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status = Main.run("rtl", "--set", "adder_levels_per_stage=9", "--out", out.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, status);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("adder_levels_per_stage"),
                captured.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(out));
        assertEquals(List.of(), names(dir), "no partial folder left behind");
    }
}
