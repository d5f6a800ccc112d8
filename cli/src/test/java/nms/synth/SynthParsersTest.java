package nms.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Yosys stat parser, the cell classification per target and the nextpnr log parser on text
 * captured from Yosys 0.23 and nextpnr-ice40 0.4 (checked-in fixtures, exact numbers).
 */
class SynthParsersTest {
    static String fixture(String name) throws IOException {
        try (InputStream in = SynthParsersTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ice40StatOfTheDefaultDistanceUnit() throws Exception {
        YosysStat s = YosysStat.parse(fixture("stat_ice40_nms_distance.txt"));
        assertEquals(List.of("nms_distance"), List.copyOf(s.sections().keySet()));
        YosysStat.Section d = s.total("nms_distance");
        assertEquals(1054, d.cells());
        assertEquals(List.of("SB_CARRY", "SB_DFFE", "SB_DFFER", "SB_DFFR", "SB_LUT4"), List.copyOf(d.byType().keySet()));
        Area a = Area.of(Target.ICE40, d);
        assertEquals(668, a.luts());
        assertEquals(197 + 12 + 1, a.ffs());
        assertEquals(176, a.carries());
        assertEquals(0, a.brams());
        assertEquals(0, a.dsps());
        assertEquals(1054, a.cells());
    }

    @Test
    void xilinxStatCountsLutsFlopsCarriesAndDsps() throws Exception {
        Area a = Area.of(Target.XILINX, YosysStat.parse(fixture("stat_xilinx_nms_distance.txt")).total("nms_distance"));
        assertEquals(89 + 50 + 12 + 16, a.luts());
        assertEquals(13 + 70, a.ffs());
        assertEquals(4, a.dsps());
        assertEquals(32, a.carries());
        assertEquals(0, a.brams());
        assertEquals(299, a.cells());
    }

    @Test
    void hierarchicalGenericStatUsesTheDesignHierarchyTotals() throws Exception {
        YosysStat s = YosysStat.parse(fixture("stat_generic_hierarchy_nms_affinity.txt"));
        assertEquals(List.of("nms_affinity", "nms_exp2", "design hierarchy"), List.copyOf(s.sections().keySet()));
        assertEquals(17654, s.sections().get("nms_affinity").cells());
        assertEquals(1, s.sections().get("nms_affinity").byType().get("nms_exp2"));
        YosysStat.Section total = s.total("nms_affinity");
        assertEquals(19865, total.cells());
        Area a = Area.of(Target.GENERIC, total);
        assertEquals(9 + 10 + 74 + 339 + 1 + 18 + 3 + 24 + 2, a.ffs());
        assertEquals(19865 - a.ffs(), a.luts());
        assertEquals(0, a.brams());
        assertFalse(total.byType().containsKey("nms_exp2"), "the hierarchy totals replace instances by content");
    }

    @Test
    void cellClassesPerTarget() {
        assertEquals(Target.Kind.BRAM, Target.ICE40.kind("SB_RAM40_4K"));
        assertEquals(Target.Kind.DSP, Target.ICE40.kind("SB_MAC16"));
        assertEquals(Target.Kind.FF, Target.ICE40.kind("SB_DFFESR"));
        assertEquals(Target.Kind.BRAM, Target.XILINX.kind("RAMB36E1"));
        assertEquals(Target.Kind.BRAM, Target.XILINX.kind("RAMB18E1"));
        assertEquals(Target.Kind.LUT, Target.XILINX.kind("LUT6"));
        assertEquals(Target.Kind.OTHER, Target.XILINX.kind("MUXF7"));
        assertEquals(Target.Kind.FF, Target.GENERIC.kind("$_SDFFE_PP0P_"));
        assertEquals(Target.Kind.FF, Target.GENERIC.kind("$_DLATCH_P_"));
        assertEquals(Target.Kind.LUT, Target.GENERIC.kind("$_MUX_"));
        assertEquals(Target.Kind.BRAM, Target.GENERIC.kind("$mem_v2"));
        assertEquals(List.of(Target.ICE40, Target.XILINX, Target.GENERIC), Target.parseList("all"));
        assertEquals(List.of(Target.GENERIC, Target.ICE40), Target.parseList("generic, ice40,generic"));
        assertThrows(IllegalArgumentException.class, () -> Target.parseList("ecp5"));
    }

    @Test
    void statWithoutSectionsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> YosysStat.parse("ERROR: nothing\n"));
    }

    @Test
    void nextpnrLogOfTheDefaultDistanceWrapper() throws Exception {
        PnrLog p = PnrLog.parse(fixture("nextpnr_hx8k_nms_distance_fpga_top.log"));
        assertEquals("clk_i$SB_IO_IN_$glb_clk", p.clock);
        assertEquals(112.65, p.fmaxMhz, 0); // the post-routing line, not the placement estimate (98.08)
        assertEquals(100.0, p.goalMhz, 0);
        assertTrue(p.pass);
        assertEquals(new PnrLog.Use(833, 7680), p.utilisation.get("ICESTORM_LC"));
        assertEquals(new PnrLog.Use(0, 32), p.utilisation.get("ICESTORM_RAM"));
        assertEquals(new PnrLog.Use(5, 256), p.utilisation.get("SB_IO"));
        PnrLog.CriticalPath cp = p.criticalPath;
        assertEquals("clk_i$SB_IO_IN_$glb_clk", cp.clock());
        assertEquals(8.9, cp.totalNs(), 1e-9);
        assertEquals(3.6, cp.logicNs(), 1e-9);
        assertEquals(5.3, cp.routingNs(), 1e-9);
        assertEquals("u_nms_distance.lane_abs_2_d", cp.startpoint());
        assertEquals("u_nms_distance.lane_sq_2_d", cp.endpoint());
        assertEquals(List.of("u_nms_distance.lane_abs_2_d", "u_nms_distance.lane_sq_2_d"), cp.cells());
        assertEquals("unit core", SynthReport.pathClass(cp));
        assertTrue(cp.text().get(0).startsWith("Info: Critical path report for clock"));
        assertTrue(cp.text().get(cp.text().size() - 1).endsWith("3.6 ns logic, 5.3 ns routing"));
    }

    @Test
    void packedCellNamesMapBackToRtlNames() {
        assertEquals("u_nms_distance.lane_sq_2_d", PnrLog.rtlName("u_nms_distance.lane_sq_2_d_SB_LUT4_O_9_LC.COUT"));
        assertEquals("in_chain_q", PnrLog.rtlName("in_chain_q_SB_DFFER_Q_55_DFFLC.O"));
        assertNull(PnrLog.rtlName("$nextpnr_ICESTORM_LC_3.O"));
    }

    @Test
    void aLogThatNeverRoutedIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PnrLog.parse("Info: Max frequency for clock 'clk': 50.00 MHz (FAIL at 100.00 MHz)\n"
                        + "ERROR: Failed to route\n"));
    }

    @Test
    void theRouterWatchStopsALoopingRouterOnly() {
        var watch = SynthFlow.routerWatch();
        assertNull(watch.apply("Info: Routing 2452 arcs."));
        // A healthy run (from the fixture's router table): the remaining count falls.
        assertNull(watch.apply("Info:       1000 |       51        887 |   51   887 |      1839|       0.35       0.35|"));
        assertNull(watch.apply("Info:       3792 |      820       2822 |  100   630 |         0|       0.27       0.86|"));
        // A looping run: every iteration a rip-up, the remaining count frozen.
        var loop = SynthFlow.routerWatch();
        loop.apply("Info: Routing 18000 arcs.");
        String stop = null;
        for (int k = 1; k <= SynthFlow.STALL_LINES + 1 && stop == null; k++) {
            stop = loop.apply(String.format("Info: %10d | %8d %8d | 1000     0 |     17071|       0.71      %5.2f|",
                    90000 + 1000 * k, 89636 + 1000 * k, 363, 60.0 + k));
        }
        assertTrue(stop != null && stop.startsWith("router stalled (17071 of 18000 arcs left"), stop);
    }

    @Test
    void devicesRefuseWhatCannotFit() {
        Area big = new Area(9039, 1000, 21, 0, 0, 0, 0, java.util.Map.of());
        assertTrue(Ice40Device.HX8K.misfit(big).contains("9039 SB_LUT4 > 7680"));
        Area dsp = new Area(2000, 1000, 3, 20, 0, 0, 0, java.util.Map.of());
        assertTrue(Ice40Device.UP5K.misfit(dsp).contains("20 SB_MAC16 > 8"));
        assertNull(Ice40Device.HX8K.misfit(new Area(668, 210, 0, 0, 176, 1054, 0, java.util.Map.of())));
        assertEquals(List.of(Ice40Device.HX8K, Ice40Device.UP5K), Ice40Device.parse("auto"));
    }
}
