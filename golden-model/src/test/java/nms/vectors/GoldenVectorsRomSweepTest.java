package nms.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import nms.config.Formats;
import nms.config.NmsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every ROM word of {@code nms_exp2} and {@code nms_log2} is read by some vector, whatever the
 * cap on real-data vectors: without this the ROM case arms stay unexercised in simulation and
 * line coverage of those units cannot reach its target (issue 4).
 */
class GoldenVectorsRomSweepTest {

    private static NmsConfig config(String overrides) {
        return NmsConfig.defaults().withAll(
                overrides.isEmpty() ? List.of() : List.of(overrides.split(" ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exp_lut_bits=4 t_frac_bits=10", "exp_interp=false",
            "exp_lut_bits=12 t_frac_bits=16"})
    void exp2VectorsReadEveryRomWord(String overrides) {
        NmsConfig c = config(overrides);
        Formats f = c.formats();
        VectorFile v = new GoldenVectors(c, "test", 10).exp2();
        TreeSet<Long> read = new TreeSet<>();
        for (int r = 0; r < v.size(); r++) {
            long t = v.value(r, "t_i").longValueExact();
            if ((t >>> c.tFracBits()) >= c.affinityFracBits() + 2) {
                continue; // saturated to 0: the ROM output is unused
            }
            long index = (t & ((1L << c.tFracBits()) - 1)) >>> (c.tFracBits() - c.expLutBits());
            read.add(index);
            if (f.expInterpBits > 0) {
                read.add(index + 1);
            }
        }
        int words = (1 << c.expLutBits()) + (f.expInterpBits > 0 ? 1 : 0);
        assertEquals(words, read.size(), "distinct exp2 ROM words read");
        assertEquals(words - 1, read.last());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "log_lut_bits=4 log_interp_bits=2", "log_interp_bits=0",
            "log_lut_bits=14"})
    void log2VectorsReadEveryRomWord(String overrides) {
        NmsConfig c = config(overrides);
        Formats f = c.formats();
        VectorFile v = new GoldenVectors(c, "test", 10).log2AndDivider(List.of(), true);
        TreeSet<Long> read = new TreeSet<>();
        for (int r = 0; r < v.size(); r++) {
            long s = v.value(r, "s_i").longValueExact();
            int lead = 63 - Long.numberOfLeadingZeros(s);
            long mantissa = lead >= f.logMantissaBits ? s >>> (lead - f.logMantissaBits)
                    : s << (f.logMantissaBits - lead);
            long index = (mantissa & ((1L << f.logMantissaBits) - 1)) >>> c.logInterpBits();
            read.add(index);
            if (c.logInterpBits() > 0) {
                read.add(index + 1);
            }
        }
        assertEquals(f.logLutEntries - (c.logInterpBits() > 0 ? 0 : 1), read.size(),
                "distinct log2 ROM words read");
    }
}
