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

    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("summary.csv"), toCsv());
    }
}
