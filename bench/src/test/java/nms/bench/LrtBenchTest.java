package nms.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --lrt}: options and the memory and checksum bookkeeping of one small layer (no timing asserted). */
class LrtBenchTest {

    @Test
    void optionsParseAndBadOnesAreRefused() {
        LrtBench.Options o = LrtBench.Options.parse(new String[] {"--lrt", "--pairs", "50", "--rank", "2"});
        assertEquals(50, o.pairs());
        assertEquals(2, o.rank());
        assertThrows(BenchMain.UsageException.class, () -> LrtBench.Options.parse(new String[] {"--lrt", "--images", "5"}));
        assertThrows(BenchMain.UsageException.class, () -> LrtBench.Options.parse(new String[] {"--lrt", "--rank", "0"}));
    }

    @Test
    void oneLayerReportsBothKernelsAndTheMemoryOfEach() {
        LrtBench.Options o = new LrtBench.Options(20, 4, 1, 0, 0, null);
        LrtBench.Row r = LrtBench.measure("fc2", 64, 10, 1, o);
        assertEquals((4 + 1) * (64 + 10) + 4 + 2, r.sksWords());
        assertEquals(640, r.denseWords());
        assertTrue(r.sksNs() > 0 && r.denseNs() > 0);
        String csv = LrtBench.summary(List.of(r)).toCsv();
        assertTrue(csv.contains("aux_memory_words_sks,376") && csv.contains("time_ratio_sks_vs_dense,"), csv);
    }
}
