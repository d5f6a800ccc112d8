package nms.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine-readable {@code summary.csv} every command writes: {@code metric,value} rows. */
public final class Summary {
    private final Map<String, String> rows = new LinkedHashMap<>();

    public Summary put(String metric, Object value) {
        rows.put(metric, String.valueOf(value));
        return this;
    }

    public Summary putAll(Summary other) {
        rows.putAll(other.rows);
        return this;
    }

    public String get(String metric) {
        return rows.get(metric);
    }

    public Map<String, String> rows() {
        return java.util.Collections.unmodifiableMap(rows);
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder("metric,value\n");
        rows.forEach((k, v) -> sb.append(k).append(',').append(v).append('\n'));
        return sb.toString();
    }

    /** Reads a {@code summary.csv}; a malformed line is refused with the file and line. */
    public static Summary read(Path file) throws IOException {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals("metric,value")) {
            throw new IOException(file + ":1: expected the header 'metric,value'");
        }
        Summary s = new Summary();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            int comma = line.indexOf(',');
            if (comma <= 0) {
                throw new IOException(file + ":" + (n + 1) + ": expected 'metric,value', got '" + line + "'");
            }
            s.put(line.substring(0, comma), line.substring(comma + 1));
        }
        return s;
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("summary.csv"), toCsv());
    }
}
