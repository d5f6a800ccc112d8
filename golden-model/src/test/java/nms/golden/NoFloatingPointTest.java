package nms.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The bit-accurate path (nms.golden, nms.config) must not touch floating point. */
class NoFloatingPointTest {
    private static final Pattern FLOAT = Pattern.compile(
            "\\b(float|double|Float|Double|BigDecimal\\.doubleValue|Math\\.(sqrt|exp|log|log10|pow|"
                    + "floor|ceil|round|rint|sin|cos|tan|atan|atan2))\\b"
                    // float literals: 0.5, 2., 1e-5, 3d, 1.5f (not identifiers such as log2.x)
                    + "|(?<![\\w.])\\d+(\\.\\d*([eE][+-]?\\d+)?|[eE][+-]?\\d+|[fFdD])(?![A-Za-z_(])"
                    + "|\\.doubleValue\\(|\\.floatValue\\(");

    static String stripCommentsAndStrings(String src) {
        return src.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ")
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    @Test
    void goldenAndConfigSourcesUseNoFloatingPoint() throws Exception {
        List<String> hits = new ArrayList<>();
        for (String pkg : List.of("golden", "config")) {
            Path dir = Path.of("src/main/java/nms", pkg);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String code = stripCommentsAndStrings(Files.readString(f));
                    Matcher m = FLOAT.matcher(code);
                    while (m.find()) {
                        hits.add(f.getFileName() + ": '" + m.group() + "'");
                    }
                }
            }
        }
        assertTrue(hits.isEmpty(), "floating point on the bit-accurate path: " + hits);
    }

    @Test
    void theGuardCatchesFloatingPoint() {
        String bad = "class X { long f(long a) { return (long) (a * 0.5); } double g; }";
        assertTrue(FLOAT.matcher(stripCommentsAndStrings(bad)).find());
        String ok = "class X { /* double */ long f(long a) { return a >> 1; } String s = \"double\"; }";
        assertTrue(!FLOAT.matcher(stripCommentsAndStrings(ok)).find());
    }
}
