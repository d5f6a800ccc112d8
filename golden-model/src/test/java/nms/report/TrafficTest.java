package nms.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nms.io.Summary;
import org.junit.jupiter.api.Test;

/** The traffic model on a case worked out by hand. */
class TrafficTest {
    @Test
    void twoClassesOfFiftyAtTenPercentOverTenEpochs() {
        // 2 x 50 images of 784 bytes; the engine read 50 x 50 images per class and sent 12 bytes
        // per row.
        Traffic.Inputs in = new Traffic.Inputs(new int[] {50, 50}, 784, 2L * 50 * 50 * 784, 100L * 12,
                0.1, 10, 20, 4);
        Traffic.Result r = Traffic.compute(in);
        assertEquals(100, r.poolImages());
        assertEquals(10, r.selectedImages());
        assertEquals(10L * 100 * 784, r.hostBytesBaseline()); // 784 000
        assertEquals(1200L + 11L * 10 * 784, r.hostBytesNms()); // 87 440
        assertEquals(784000.0 / 87440, r.trafficReduction(), 1e-12);
        assertEquals(784000 * 8 * 20e-12, r.ddrEnergyBaselineJ(), 1e-18);
        assertEquals(87440 * 8 * 20e-12 + 3920000 * 8 * 4e-12, r.ddrEnergyNmsJ(), 1e-18);
        assertEquals((784000.0 - 87440) * 20 / 3920000, r.breakEvenNearMemoryPjPerBit(), 1e-12);

        Summary s = Traffic.summary(r);
        assertEquals("8.966", s.get("traffic_reduction"));
        assertEquals("784000", s.get("host_bytes_baseline"));
        assertEquals("87440", s.get("host_bytes_nms"));
        assertEquals("1.254400e-04", s.get("ddr_energy_baseline_j"));
        assertEquals("1.394304e-04", s.get("ddr_energy_nms_j"));
        assertEquals("0.1", s.get("traffic_budget"));
        assertEquals("20", s.get("offchip_pj_per_bit"));
    }

    @Test
    void oneReadPerImageExtrapolatesToTheFullPool() {
        // Two classes of 50, 784-byte images each read once (78 400 bytes), 1 200 host bytes.
        Traffic.Result r = Traffic.compute(new Traffic.Inputs(new int[] {50, 50}, 784, 78400, 1200,
                0.1, 10, 20, 4));
        assertEquals(78400, Traffic.poolBytes(r));
        assertEquals(1.0, Traffic.readFactor(r), 0);
        Traffic.Result full = Traffic.extrapolate(r, 10, 6000);
        assertEquals(60000, full.poolImages());
        assertEquals(6000, full.selectedImages());
        assertEquals(60000L * 784, full.in().nearMemoryBytes());
        assertEquals(60000L * 12, full.in().hostStreamBytes()); // 12 host bytes per image
        // By hand: baseline 10 x 60 000 x 784 B at 20 pJ/bit; NMS the records and 11 passes over
        // the 6 000 selected at 20 pJ/bit plus the pool once at 4 pJ/bit.
        double base = 10.0 * 60000 * 784 * 8 * 20e-12;
        double nms = (60000.0 * 12 + 11.0 * 6000 * 784) * 8 * 20e-12 + 60000.0 * 784 * 8 * 4e-12;
        assertEquals(nms / base, full.ddrEnergyNmsJ() / full.ddrEnergyBaselineJ(), 1e-12);
        Summary s = Traffic.summary(r);
        assertEquals("78400", s.get("pool_bytes"));
        assertEquals("1.000", s.get("near_memory_read_factor"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", nms / base),
                s.get("modelled_ddr_energy_ratio_60k"));
    }

    @Test
    void refusesMeaninglessInputs() {
        assertThrows(IllegalArgumentException.class,
                () -> new Traffic.Inputs(new int[] {10}, 784, 0, 0, 0, 10, 20, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new Traffic.Inputs(new int[] {10}, 784, 0, 0, 1.5, 10, 20, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new Traffic.Inputs(new int[] {10}, 784, 0, 0, 0.1, 0, 20, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new Traffic.Inputs(new int[] {}, 784, 0, 0, 0.1, 10, 20, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new Traffic.Inputs(new int[] {10}, 784, 0, 0, 0.1, 10, -1, 4));
    }
}
