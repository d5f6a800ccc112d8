package nms.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * User images from a CSV file: each record is the label, then one column per pixel. A header
 * record is optional. Every error names the file and the 1-based line of the offending record.
 */
public final class CsvImages {

    /** Whether the first record is a header; AUTO = iff its first cell is not an integer. */
    public enum HeaderMode { AUTO, YES, NO }

    // Empty lines are kept (and skipped below) because the parser's line counter is only an exact
    // record start line if every line break passes through a record we see.
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true)
            .build();

    private CsvImages() {
    }

    /** Reads {@code file}; every pixel must lie in {@code [0, 2^pixelWidth - 1]}. */
    public static Images read(Path file, int pixelWidth, HeaderMode headerMode) {
        int maxPixel = (1 << pixelWidth) - 1;
        List<String> header = null;
        int columns = -1;
        long headerLine = -1;
        long firstDataLine = -1;
        List<Integer> labels = new ArrayList<>();
        List<int[]> pixels = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            boolean first = true;
            while (true) {
                // The next record starts on the line after the last line break consumed so far.
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) {
                    break;
                }
                CSVRecord record = records.next();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (first) {
                    first = false;
                    boolean isHeader = switch (headerMode) {
                        case YES -> true;
                        case NO -> false;
                        case AUTO -> !isInteger(record.get(0));
                    };
                    if (isHeader) {
                        header = record.toList();
                        headerLine = line;
                        continue;
                    }
                }
                if (columns < 0) {
                    columns = record.size();
                    firstDataLine = line;
                    if (columns < 2) {
                        throw new DatasetException(file + ": line " + line + ": got " + columns
                                + " column, expected a label column and at least one pixel column");
                    }
                    if (header != null && header.size() != columns) {
                        throw new DatasetException(file + ": line " + line + ": " + columns + " columns, but the"
                                + " header on line " + headerLine + " names " + header.size());
                    }
                } else if (record.size() != columns) {
                    throw new DatasetException(file + ": line " + line + ": ragged row: got "
                            + record.size() + " columns, expected " + columns
                            + " (as in the first data record on line " + firstDataLine + ")");
                }
                int label = parseCell(file, line, record, 0, header);
                if (label < 0) {
                    throw new DatasetException(file + ": line " + line + ": negative label " + label);
                }
                int[] row = new int[columns - 1];
                for (int c = 1; c < columns; c++) {
                    int value = parseCell(file, line, record, c, header);
                    if (value < 0 || value > maxPixel) {
                        throw new DatasetException(file + ": line " + line + ": " + columnName(c, header)
                                + " value " + value + " is outside [0, " + maxPixel + "] for pixel width "
                                + pixelWidth);
                    }
                    row[c - 1] = value;
                }
                labels.add(label);
                pixels.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": no such file", e);
        } catch (IOException | UncheckedIOException e) {
            // Commons CSV reports malformed quoting as an UncheckedIOException from the iterator.
            throw new DatasetException(file + ": cannot read CSV: " + e.getMessage(), e);
        }
        if (pixels.isEmpty()) {
            throw new DatasetException(file + ": no data rows"
                    + (header == null ? " (empty file)" : " after the header on line " + headerLine));
        }
        int[] sourceIndex = java.util.stream.IntStream.range(0, pixels.size()).toArray();
        return new Images("csv:" + file, pixelWidth, columns - 1,
                labels.stream().mapToInt(Integer::intValue).toArray(), sourceIndex,
                pixels.toArray(new int[0][]));
    }

    private static int parseCell(Path file, long line, CSVRecord record, int column, List<String> header) {
        String cell = record.get(column);
        try {
            if (!isAsciiInteger(cell)) {
                throw new NumberFormatException(cell);
            }
            return Integer.parseInt(cell);
        } catch (NumberFormatException e) {
            throw new DatasetException(file + ": line " + line + ": " + columnName(column, header)
                    + " is not an integer: '" + cell + "'");
        }
    }

    /** 1-based, as a spreadsheet user counts, plus the header name when there is one. */
    private static String columnName(int column, List<String> header) {
        String name = column == 0 ? "label column 1" : "pixel column " + (column + 1);
        return header != null && column < header.size() ? name + " ('" + header.get(column) + "')" : name;
    }

    /** Integer.parseInt also takes other scripts' digits (such as U+0663); a pixel is ASCII. */
    private static boolean isAsciiInteger(String cell) {
        return cell.matches("[+-]?[0-9]+");
    }

    private static boolean isInteger(String cell) {
        if (!isAsciiInteger(cell)) {
            return false;
        }
        try {
            Integer.parseInt(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
