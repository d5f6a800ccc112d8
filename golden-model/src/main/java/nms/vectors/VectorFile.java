package nms.vectors;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nms.io.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One unit's test vectors (arithmetic spec, section 8): a manifest in '#' lines, a header of port
 * names, one row per transaction, every cell lowercase hex zero-padded to its port width.
 */
public final class VectorFile {
    private final String unit;
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<String> ports = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    public VectorFile(String unit) {
        this.unit = unit;
        manifest.put("unit", unit);
    }

    public String unit() {
        return unit;
    }

    public VectorFile manifest(String key, String value) {
        manifest.put(key, value.replace('\n', ' '));
        return this;
    }

    /** Declares a port column of {@code width} bits; inputs first, then outputs. */
    public VectorFile port(String name, int width) {
        ports.add(name);
        widths.add(width);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** The value of {@code port} in transaction {@code row}. */
    public BigInteger value(int row, String port) {
        int c = ports.indexOf(port);
        if (c < 0) {
            throw new IllegalArgumentException(unit + " has no port " + port + ": " + ports);
        }
        return new BigInteger(rows.get(row)[c], 16);
    }

    /** Adds a row; each value is a Long, a BigInteger or a long[] of elements (see elementWidth). */
    public void row(long... values) {
        String[] cells = new String[values.length];
        for (int c = 0; c < values.length; c++) {
            cells[c] = hex(BigInteger.valueOf(values[c]), widths.get(c), ports.get(c));
        }
        add(cells);
    }

    /** Adds a row of already packed values. */
    public void rowBig(BigInteger... values) {
        String[] cells = new String[values.length];
        for (int c = 0; c < values.length; c++) {
            cells[c] = hex(values[c], widths.get(c), ports.get(c));
        }
        add(cells);
    }

    /**
     * The cell of {@code value} in column {@code port}, for a value that recurs in many rows (an
     * image in every pair it is part of): {@link #rowCells} then shares one string instead of
     * packing and printing the value again per row.
     */
    public String cell(String port, BigInteger value) {
        int c = ports.indexOf(port);
        if (c < 0) {
            throw new IllegalArgumentException(unit + " has no port " + port + ": " + ports);
        }
        return hex(value, widths.get(c), port);
    }

    /** Adds a row of cells made by {@link #cell}, one per port in order. */
    public void rowCells(String... cells) {
        for (int c = 0; c < cells.length && c < widths.size(); c++) {
            if (cells[c].length() != (widths.get(c) + 3) / 4) {
                throw new IllegalArgumentException(unit + ": cell " + c + " has " + cells[c].length()
                        + " hex digits, port " + ports.get(c) + " wants " + (widths.get(c) + 3) / 4);
            }
        }
        add(cells.clone());
    }

    private void add(String[] cells) {
        if (cells.length != ports.size()) {
            throw new IllegalArgumentException(unit + ": row has " + cells.length
                    + " cells, ports are " + ports);
        }
        rows.add(cells);
    }

    /** Packs elements of {@code elementWidth} bits, element 0 in the least significant bits. */
    public static BigInteger pack(long[] elements, int elementWidth) {
        if (fitsEach(elements, elementWidth)) {
            return packBits(elements, elementWidth);
        }
        BigInteger v = BigInteger.ZERO;
        for (int k = elements.length - 1; k >= 0; k--) {
            v = v.shiftLeft(elementWidth).or(BigInteger.valueOf(elements[k]));
        }
        return v;
    }

    private static boolean fitsEach(long[] elements, int elementWidth) {
        if (elementWidth < 1 || elementWidth > 62) {
            return false;
        }
        for (long e : elements) {
            if (e < 0 || e >> elementWidth != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same number as the shift-and-or loop when every element fits its field, built bit by
     * bit: linear in the width, where the loop copies the whole number once per element (an
     * image of 3072 16-bit pixels, a class of them for nms_engine).
     */
    private static BigInteger packBits(long[] elements, int elementWidth) {
        long bits = (long) elements.length * elementWidth;
        byte[] be = new byte[(int) ((bits + 7) / 8) + 1]; // big-endian; byte 0 stays 0 (sign)
        for (int k = 0; k < elements.length; k++) {
            long e = elements[k];
            long at = (long) k * elementWidth;
            for (int b = 0; b < elementWidth; b++, at++) {
                if ((e >>> b & 1) != 0) {
                    be[be.length - 1 - (int) (at >>> 3)] |= (byte) (1 << (at & 7));
                }
            }
        }
        return new BigInteger(be);
    }

    public static BigInteger pack(int[] elements, int elementWidth) {
        long[] l = new long[elements.length];
        for (int k = 0; k < l.length; k++) {
            l[k] = elements[k];
        }
        return pack(l, elementWidth);
    }

    static String hex(BigInteger v, int width, String port) {
        if (v.signum() < 0 || v.bitLength() > width) {
            throw new IllegalArgumentException("value " + v + " does not fit port " + port + " ("
                    + width + " bits)");
        }
        int digits = (width + 3) / 4;
        if (v.bitLength() > 4096) {
            return wideHex(v, digits);
        }
        String h = v.toString(16);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    /**
     * {@code digits} lowercase hex digits of {@code v} from its bytes: linear in the width, where
     * {@link BigInteger#toString(int)} is not (a class of 120 images of 3072 16-bit pixels is a
     * 5.9 Mbit nms_engine cell).
     */
    private static String wideHex(BigInteger v, int digits) {
        byte[] bytes = v.toByteArray(); // big-endian, possibly with a leading 0 sign byte
        char[] out = new char[digits];
        for (int d = 0; d < digits; d++) {
            int bit = 4 * d; // digit d from the right covers bits 4d .. 4d + 3
            int b = bytes.length - 1 - bit / 8;
            int nibble = b < 0 ? 0 : (bytes[b] >> (bit % 8)) & 0xf;
            out[digits - 1 - d] = Character.forDigit(nibble, 16);
        }
        return new String(out);
    }

    /** Writes {@code dir/<unit>.csv} atomically. */
    public Path write(Path dir) throws IOException {
        manifest.put("vectors", Integer.toString(rows.size()));
        manifest.put("ports", portList());
        Path file = dir.resolve(unit + ".csv");
        AtomicFiles.write(file, w -> print(w));
        return file;
    }

    private String portList() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < ports.size(); c++) {
            sb.append(c == 0 ? "" : " ").append(ports.get(c)).append(':').append(widths.get(c));
        }
        return sb.toString();
    }

    private void print(Writer w) throws IOException {
        for (Map.Entry<String, String> e : manifest.entrySet()) {
            w.write("# " + e.getKey() + ": " + e.getValue() + "\n");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(ports.toArray(String[]::new)).build();
        // Not closed here: the writer belongs to AtomicFiles, which flushes and moves it.
        CSVPrinter p = new CSVPrinter(w, format);
        for (String[] r : rows) {
            p.printRecord((Object[]) r);
        }
        p.flush();
    }
}
