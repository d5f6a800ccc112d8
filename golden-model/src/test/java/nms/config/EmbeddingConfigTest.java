package nms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Contract of the embedding_* fields (docs/arithmetic-embedding.md section 11). */
class EmbeddingConfigTest {

    @ParameterizedTest
    @CsvSource({
        "embedding_exact_max_rows, 1, outside its range [2, 65536]",
        "embedding_exact_max_rows, 65537, outside its range [2, 65536]",
        "embedding_exact_max_rows, many, must be a number",
        "embedding_negatives, 0, outside its range [1, 1024]",
        "embedding_negatives, 1025, outside its range [1, 1024]",
        "embedding_kernel_lut_bits, -1, outside its range [0, 12]",
        "embedding_kernel_lut_bits, 13, outside its range [0, 12]",
        "embedding_kernel_lut_bits, 8.5, must be a number",
    })
    void badValuesAreRefusedNamingFieldAndRange(String key, String value, String why) {
        ConfigException e = assertThrows(ConfigException.class, () -> NmsConfig.defaults().with(key, value));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void defaultsAreTodaysExactArithmeticAndLeaveTheHash() {
        NmsConfig d = NmsConfig.defaults();
        assertEquals(EmbeddingArithmetic.EXACT, d.embeddingArithmetic());
        assertEquals("223b9a490afb9f1d", d.hash());
        assertTrue(!d.canonicalText().contains("embedding_"), d.canonicalText());
        assertEquals(d.hash(), d.withAll(List.of("embedding_exact_max_rows=65536", "embedding_negatives=16",
                "embedding_kernel_lut_bits=0")).hash());
    }

    @Test
    void setValuesReachTheRecordAndTheHash() {
        NmsConfig d = NmsConfig.defaults();
        NmsConfig c = d.withAll(List.of("embedding_exact_max_rows=1000", "embedding_negatives=8",
                "embedding_kernel_lut_bits=8"));
        assertEquals(new EmbeddingArithmetic(1000, 8, 8), c.embeddingArithmetic());
        assertTrue(c.embeddingArithmetic().sampled(1001) && !c.embeddingArithmetic().sampled(1000));
        for (String set : List.of("embedding_exact_max_rows=1000", "embedding_negatives=8",
                "embedding_kernel_lut_bits=8")) {
            assertNotEquals(d.hash(), d.withAll(List.of(set)).hash(), set);
        }
    }
}
