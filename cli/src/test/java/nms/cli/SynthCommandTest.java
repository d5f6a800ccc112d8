package nms.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nms.synth.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nms synth} with the real tools (Yosys, nextpnr-ice40) on a small configuration, so it
 * takes seconds: parsed area, a routed Fmax, the summary rows, the report and the raw logs; a
 * sweep's table; and the install line when a tool is missing.
 */
class SynthCommandTest {
    @TempDir
    Path dir;

    static Map<String, String> summary(Path folder) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(folder.resolve("summary.csv"));
        assertEquals("metric,value", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            rows.put(line.substring(0, comma), line.substring(comma + 1));
        }
        return rows;
    }

    @Test
    void ice40SynthesisAndPlaceAndRouteOfTheDistanceUnit() throws Exception {
        Path out = dir.resolve("synth");
        assertEquals(0, Main.run("synth", "--set", "dims=16", "--set", "lanes=2", "--units", "nms_distance",
                "--target", "ice40", "--per-class", "10", "--out", out.toString()));
        Map<String, String> s = summary(out);
        assertMeasuredTraffic(out, s);
        for (String row : List.of("luts", "ffs", "brams", "dsps", "fmax_mhz", "luts_nms_distance", "ffs_nms_distance",
                "brams_nms_distance", "dsps_nms_distance", "fmax_mhz_nms_distance", "device_nms_distance",
                "config_hash", "synth_failures")) {
            assertTrue(s.containsKey(row), "summary row " + row + " in " + s.keySet());
        }
        assertTrue(Long.parseLong(s.get("luts")) > 0, s.toString());
        assertTrue(Long.parseLong(s.get("ffs")) > 0, s.toString());
        assertEquals(s.get("luts"), s.get("luts_nms_distance"));
        assertEquals("0", s.get("brams"));
        assertTrue(Double.parseDouble(s.get("fmax_mhz")) > 0, s.toString());
        assertEquals("hx8k-ct256", s.get("device_nms_distance"));
        assertEquals("0", s.get("synth_failures"));

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| `nms_distance` | " + s.get("luts") + " | "), report);
        assertTrue(report.contains("### Critical path of `nms_distance`"), report);
        assertTrue(Files.readString(out.resolve("area.csv")).startsWith("unit,target,luts,ffs,brams,dsps"));
        assertTrue(Files.readString(out.resolve("timing.csv")).contains("nms_distance,hx8k-ct256,"));
        assertTrue(Files.size(out.resolve("logs/ice40/nms_distance.yosys.log")) > 0);
        assertTrue(Files.readString(out.resolve("logs/ice40/nms_distance.stat.txt")).contains("SB_LUT4"));
        String seed = Files.readAllLines(out.resolve("timing.csv")).get(1).split(",")[2];
        assertTrue(Files.readString(out.resolve("logs/ice40-pnr/nms_distance_fpga_top.hx8k-ct256.seed" + seed
                + ".nextpnr.log")).contains("Max frequency for clock"));
        assertTrue(Files.readString(out.resolve("logs/ice40-pnr/nms_distance_fpga_top.hx8k-ct256.pcf"))
                .contains("set_io clk_i J3"));
        assertTrue(Files.readString(out.resolve("rtl/nms_distance_fpga_top.f")).contains("nms_distance.sv"));
    }

    /**
     * The traffic rows come from the engine's Verilator run on 10 classes x 10 real images of
     * dims 16 x 8 bits (stored as 16-byte images): the baseline reads the 100 images for 10
     * epochs; NMS sends the measured host stream, then 11 passes over the 10 selected images.
     */
    private static void assertMeasuredTraffic(Path out, Map<String, String> s) throws Exception {
        Map<String, String> sim = summary(out.resolve("traffic/verify"));
        assertEquals("0", sim.get("mismatches"), sim.toString());
        long host = Long.parseLong(sim.get("host_bytes"));
        assertTrue(host > 0 && Long.parseLong(sim.get("dram_bytes_near_memory")) > 0, sim.toString());
        assertEquals("16000", s.get("host_bytes_baseline"));
        assertEquals("10", s.get("traffic_selected_images"));
        assertEquals(Long.toString(host + 11 * 10 * 16), s.get("host_bytes_nms"));
        assertEquals(16000.0 / (host + 11 * 10 * 16), Double.parseDouble(s.get("traffic_reduction")), 1e-3);
        assertTrue(Double.parseDouble(s.get("ddr_energy_baseline_j")) > 0, s.toString());
        assertTrue(Double.parseDouble(s.get("ddr_energy_nms_j")) > 0, s.toString());
        assertTrue(Files.readString(out.resolve("report.md")).contains("## Off-chip traffic and DDR energy"));
    }

    @Test
    void trafficCanComeFromAFlowOfTheSameConfigurationOnly() throws Exception {
        Path flow = dir.resolve("flow");
        Files.createDirectories(flow.resolve("vectors"));
        Files.writeString(flow.resolve("vectors/nms_engine.csv"),
                "# unit: nms_engine\nrows_i,images_i,host_o,dram_bytes_o\n00a,0,0,0\n00a,0,0,0\n");
        String hash = nms.config.NmsConfig.defaults().with("dims", "16").hash();
        Files.writeString(flow.resolve("summary.csv"), "metric,value\nconfig_hash," + hash
                + "\nmismatches,0\nfailed_runs,0\ndram_bytes_near_memory,3200\nhost_bytes,240\n");
        Path out = dir.resolve("from-flow");
        assertEquals(0, Main.run("synth", "--set", "dims=16", "--units", "nms_distance", "--target", "generic",
                "--traffic-from", flow.toString(), "--epochs", "5", "--out", out.toString()));
        Map<String, String> s = summary(out);
        assertEquals("1600", s.get("host_bytes_baseline")); // 5 epochs x 20 images x 16 bytes
        assertEquals(Long.toString(240 + 6 * 2 * 16), s.get("host_bytes_nms"));

        // A flow made for another configuration measures another design: refused, nothing written.
        Path other = dir.resolve("other");
        int status = Main.run("synth", "--set", "dims=32", "--units", "nms_distance", "--target", "generic",
                "--traffic-from", flow.toString(), "--out", other.toString());
        assertEquals(2, status);
        assertFalse(Files.exists(other));
    }

    @Test
    void aSweepTabulatesEveryPoint() throws Exception {
        Path out = dir.resolve("sweep");
        assertEquals(0, Main.run("synth", "--set", "dims=16", "--units", "nms_distance", "--target", "generic",
                "--sweep", "lanes=1,2", "--no-traffic", "--out", out.toString()));
        List<String> csv = Files.readAllLines(out.resolve("scaling.csv"));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(0).startsWith("lanes,generic_luts,generic_ffs,"), csv.get(0));
        assertTrue(csv.get(1).startsWith("1,") && csv.get(2).startsWith("2,"), csv.toString());
        long one = Long.parseLong(csv.get(1).split(",")[1]);
        long two = Long.parseLong(csv.get(2).split(",")[1]);
        assertTrue(one > 0 && two > one, "two lanes cost more gates than one: " + csv);
        Map<String, String> s = summary(out);
        assertEquals("2", s.get("points"));
        assertEquals(Long.toString(two), s.get("luts_lanes_2"));
        assertTrue(Files.readString(out.resolve("scaling.md")).contains("| lanes | generic logic cells |"));
        assertTrue(Files.isRegularFile(out.resolve("points/lanes_1/report.md")));
    }

    @Test
    void aMissingToolFailsWithTheInstallLineAndWritesNothing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-tools"));
        Path out = dir.resolve("synth");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        System.setProperty(Tools.PATH_PROPERTY, empty.toString());
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status = Main.run("synth", "--units", "nms_distance", "--out", out.toString());
        } finally {
            System.setErr(err);
            System.clearProperty(Tools.PATH_PROPERTY);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, text);
        assertTrue(text.contains("yosys not found on PATH; install it with: sudo apt-get install -y yosys"), text);
        assertFalse(Files.exists(out));
    }
}
