package nms.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15: config files and {@code --set} values as a user met them. Each is refused naming the
 * file and line or the {@code --set} and the field, or, where it is legitimate, accepted.
 */
class ConfigFileBadInputTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static String refused(Path file) {
        return assertThrows(ConfigException.class, () -> NmsConfig.load(file)).getMessage();
    }

    @Test
    void aByteOrderMarkIsAcceptedAsForCsv() throws Exception {
        Path bom = file("bom.conf", "\ufeffpixel_width = 12\nlanes = 2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        NmsConfig c = NmsConfig.load(bom);
        assertEquals(12, c.pixelWidth());
        assertEquals(NmsConfig.defaults().withAll(List.of("pixel_width=12", "lanes=2")).hash(), c.hash());
    }

    @Test
    void nulBytesAndOtherControlCharactersAreRefusedWithLineAndColumn() throws Exception {
        String m = refused(file("nul.conf", "lanes = 2\npixel_width = 8\0\n".getBytes()));
        assertTrue(m.contains("nul.conf:2: control character U+0000 at column 16"), m);
        m = refused(file("bell.conf", "lanes\u0007 = 2\n".getBytes()));
        assertTrue(m.contains("bell.conf:1: control character U+0007 at column 6"), m);
        // Tabs and Windows line ends are ordinary text.
        assertEquals(2, NmsConfig.load(file("tab.conf", "lanes\t=\t2\r\n".getBytes())).lanes());
    }

    @Test
    void binaryOrNonUtf8FilesAreRefusedAsSuch() throws Exception {
        String m = refused(file("latin1.conf", new byte[] {'l', 'a', 'n', 'e', 's', '=', '2', ' ', '#', (byte) 0xe9, '\n'}));
        assertTrue(m.contains("latin1.conf: not a config file: it is not UTF-8 text"), m);
    }

    /** One rule for a key given twice: refused in a file and in --set alike, naming the first. */
    @Test
    void aDuplicatedKeyIsRefusedInFilesAndInSet() throws Exception {
        String m = refused(file("dup.conf", "lanes = 2\n\nlanes = 4\n".getBytes()));
        assertTrue(m.contains("dup.conf:3: lanes is already set on line 1"), m);
        m = assertThrows(ConfigException.class,
                () -> NmsConfig.defaults().withAll(List.of("lanes=2", "dims=16", "lanes = 4"))).getMessage();
        assertTrue(m.contains("--set lanes = 4: lanes is already set by --set lanes=2"), m);
        // A --set over a file's value is an override, not a duplicate.
        assertEquals(4, NmsConfig.load(file("two.conf", "lanes = 2\n".getBytes())).with("lanes", "4").lanes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "perplexity=1e999999999 | perplexity = 1e999999999 exceeds its maximum 65535",
        "perplexity=65536 | exceeds its maximum 65535",
        "perplexity=1e99999999999 | perplexity must be a number",
        "search_tolerance=1e999999999 | search_tolerance = 1e999999999 exceeds its maximum 64",
        "search_tolerance=1e30 | exceeds its maximum 64",
        "search_tolerance=1e-999999999 | is below 2^-32",
        "search_tolerance=-1e999999999 | must be > 0",
        "perplexity=30.00000000000000000000000000000000000000001 | more than 40",
    })
    void extremeDecimalsAreRefusedQuicklyByName(String set, String why) {
        // They hung (a billion digits written out) or overflowed with no field named.
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(ConfigException.class,
                () -> NmsConfig.defaults().withAll(List.of(set))));
        assertTrue(e.getMessage().startsWith("--set " + set + ": ") && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void theLargestAcceptedDecimalsStillBuildAConfiguration() {
        NmsConfig c = NmsConfig.defaults().withAll(List.of("max_rows_per_class=65536", "perplexity=65535",
                "search_tolerance=64", "affinity_frac_bits=12", "entropy_frac_bits=16"));
        assertEquals(64L << 16, c.formats().tolerance);
        // 2^-32 is the finest tolerance, reachable with entropy_frac_bits = 32.
        assertEquals(1, NmsConfig.defaults().withAll(List.of("entropy_frac_bits=32", "affinity_frac_bits=12", "max_rows_per_class=64",
                "search_tolerance=0.00000000023283064365386962890625")).formats().tolerance);
    }
}
