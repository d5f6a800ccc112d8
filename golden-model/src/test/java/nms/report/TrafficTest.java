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
