package nms.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nms.config.NmsConfig;
import nms.vectors.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nms export}: the bundle's files and contents, and two runs giving identical bytes. */
class ExportCommandTest {
    @TempDir
    Path dir;

    /** The bundle's files; the output folder's marker is not part of the bundle. */
    static List<String> tree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(f -> !f.equals(OutputDir.MARKER)).sorted().toList();
        }
    }

    @Test
    void bundleHoldsRtlWrappersConstraintsCoreManifestAndIsDeterministic() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String[] args = {"--set", "lanes=8", "--set", "dims=100", "--freq", "125"};
        assertEquals(0, Main.run(cat("export", args, "--out", a.toString())));
        assertEquals(0, Main.run(cat("export", args, "--out", b.toString())));
        List<String> files = tree(a);
        assertEquals(files, tree(b));
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
        }

        NmsConfig c = NmsConfig.defaults().withAll(List.of("lanes=8", "dims=100"));
        List<String> units = List.of("nms_distance", "nms_exp2", "nms_affinity", "nms_log2", "nms_divider",
                "nms_perplexity", "nms_knn");
        for (String u : units) {
            for (String f : List.of(u + ".sv", u + ".f", u + ".md", u + "_fpga_top.sv", u + "_fpga_top.f")) {
                assertTrue(files.contains("rtl/" + f), "rtl/" + f + " in " + files);
            }
        }
        for (String f : List.of("rtl/nms_config.h", "constraints/nms.sdc", "constraints/nms.xdc",
                "constraints/fpga_top.hx8k-ct256.pcf", "constraints/fpga_top.up5k-sg48.pcf", "nms.core",
                "manifest.txt", "README.md", "config.conf", "SHA256SUMS")) {
            assertTrue(files.contains(f), f + " in " + files);
        }
        assertTrue(Files.readString(a.resolve("rtl/nms_distance_fpga_top.sv")).contains("Config hash: " + c.hash()));

        String sdc = Files.readString(a.resolve("constraints/nms.sdc"));
        assertTrue(sdc.contains("create_clock -name clk_i -period 8.000 [get_ports clk_i]"), sdc);
        assertTrue(Files.readString(a.resolve("constraints/nms.xdc")).contains("-period 8.000"));
        String pcf = Files.readString(a.resolve("constraints/fpga_top.hx8k-ct256.pcf"));
        for (String pin : List.of("clk_i", "rst_ni", "shift_i", "scan_i", "scan_o")) {
            assertTrue(pcf.contains("set_io " + pin + " "), pcf);
        }

        String core = Files.readString(a.resolve("nms.core"));
        assertTrue(core.startsWith("CAPI=2:\n"), core);
        assertTrue(core.contains("\nname: nms:nms:units_" + c.hash() + ":" + Version.VERSION + "\n"), core);
        for (String f : files) {
            if (f.endsWith(".sv") || f.endsWith(".pcf") || f.endsWith(".sdc") || f.endsWith(".xdc")) {
                assertTrue(core.contains("- " + f), f + " listed in nms.core");
            }
        }
        for (String u : units) {
            assertTrue(core.contains("\n  lint_" + u + ":\n") && core.contains("\n  ice40_" + u + ":\n")
                    && core.contains("toplevel: " + u + "_fpga_top\n"), u + " targets in nms.core");
        }
        assertTrue(core.contains("--freq, '125'"), core);

        String manifest = Files.readString(a.resolve("manifest.txt"));
        assertTrue(manifest.contains("config_hash: " + c.hash() + "\n"), manifest);
        assertTrue(manifest.contains("generator_version: " + Version.VERSION + "\n"), manifest);
        assertTrue(manifest.contains("clock_mhz: 125\n"), manifest);
        assertTrue(manifest.contains("files: " + (files.size() - 1) + "\n"), manifest);
        assertTrue(Files.readString(a.resolve("README.md")).contains(c.hash()));

        // The config file regenerates the same configuration; SHA256SUMS checks every other file.
        assertEquals(c.hash(), NmsConfig.load(a.resolve("config.conf")).hash());
        List<String> sums = Files.readAllLines(a.resolve("SHA256SUMS"));
        assertEquals(files.size() - 2, sums.size());
        for (String line : sums) {
            String[] parts = line.split("  ", 2);
            assertEquals(parts[0], Hashing.sha256().hashBytes(Files.readAllBytes(a.resolve(parts[1]))).toString(),
                    parts[1]);
        }
    }

    private static String[] cat(String first, String[] middle, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(middle));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
