package nms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    /** Labels 2,0,1,0,2,1,0; row i's pixels are {10i, 10i+1}. */
    private static Images tiny() {
        int[] labels = {2, 0, 1, 0, 2, 1, 0};
        int[][] pixels = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            pixels[i] = new int[] {10 * i, 10 * i + 1};
        }
        return new Images("tiny", 8, 2, labels, new int[] {0, 1, 2, 3, 4, 5, 6}, pixels);
    }

    private static Images row(int pixelWidth, int... pixels) {
        return new Images("row", pixelWidth, pixels.length, new int[] {0}, new int[] {0}, new int[][] {pixels});
    }

    // ---- spec parsing and description ----

    @Test
    void parsesSpecs() {
        DatasetSpec fashion = DatasetSpec.parse("fashion-mnist", null, 0, null, 8, 784, 1);
        assertEquals(DatasetSpec.Kind.FASHION_MNIST, fashion.kind());
        assertEquals("train", fashion.split());
        assertEquals("fashion-mnist split=train per_class=all classes=all -> pixel_width=8 dims=784",
                fashion.describe());

        DatasetSpec csv = DatasetSpec.parse("csv:/data/my images.csv", null, 10, "0-2,5", 4, 16, 1);
        assertEquals(DatasetSpec.Kind.CSV, csv.kind());
        assertEquals(Path.of("/data/my images.csv"), csv.path());
        assertNull(csv.split());
        assertEquals("csv:/data/my images.csv per_class=10 classes=0,1,2,5 -> pixel_width=4 dims=16",
                csv.describe());

        DatasetSpec synthetic = DatasetSpec.parse("synthetic", "train", 0, "7", 8, 64, 42);
        assertEquals("synthetic(seed=42,classes=10,per_class=100) per_class=all classes=7 -> pixel_width=8 dims=64",
                synthetic.describe());
    }

    @Test
    void rejectsBadSpecs() {
        assertEquals("unknown dataset 'mnist': expected fashion-mnist, csv:PATH, idx:DIR or synthetic",
                assertThrows(DatasetException.class,
                        () -> DatasetSpec.parse("mnist", null, 0, null, 8, 784, 1)).getMessage());
        assertThrows(DatasetException.class, () -> DatasetSpec.parse("csv:", null, 0, null, 8, 784, 1));
        assertEquals("split must be 'train' or 'test', got 'val'", assertThrows(DatasetException.class,
                () -> DatasetSpec.parse("fashion-mnist", "val", 0, null, 8, 784, 1)).getMessage());
        assertEquals("split 'test' only applies to fashion-mnist, not synthetic", assertThrows(DatasetException.class,
                () -> DatasetSpec.parse("synthetic", "test", 0, null, 8, 784, 1)).getMessage());
        assertThrows(DatasetException.class, () -> DatasetSpec.parse("synthetic", null, -1, null, 8, 784, 1));
        assertThrows(DatasetException.class, () -> DatasetSpec.parse("synthetic", null, 0, null, 17, 784, 1));
    }

    @Test
    void parsesClassLists() {
        assertEquals(List.of(0, 3, 7), DatasetSpec.parseClasses("0,3,7"));
        assertEquals(List.of(0, 1, 2, 3, 4), DatasetSpec.parseClasses("0-4"));
        assertEquals(List.of(1, 2, 5, 7), DatasetSpec.parseClasses(" 7, 1-2 ,5,2"));
        assertEquals(List.of(), DatasetSpec.parseClasses(null));
        assertEquals(List.of(), DatasetSpec.parseClasses(""));
        assertEquals("class list '0,x': 'x' is not a class or an ascending range like 0-4",
                assertThrows(DatasetException.class, () -> DatasetSpec.parseClasses("0,x")).getMessage());
        assertThrows(DatasetException.class, () -> DatasetSpec.parseClasses("4-2"));
        assertThrows(DatasetException.class, () -> DatasetSpec.parseClasses("-1"));
        assertThrows(DatasetException.class, () -> DatasetSpec.parseClasses("0,,1"));
    }

    // ---- selection ----

    @Test
    void selectsFirstRowsPerClassOrderedByClass() {
        Images selected = Datasets.select(tiny(), List.of(), 2);
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, selected.labels());
        assertArrayEquals(new int[] {1, 3, 2, 5, 0, 4}, selected.sourceIndex());
        assertArrayEquals(new int[] {30, 31}, selected.pixels()[1]);
    }

    @Test
    void selectsAllRowsOfListedClasses() {
        Images selected = Datasets.select(tiny(), List.of(2, 0), 0);
        assertArrayEquals(new int[] {0, 0, 0, 2, 2}, selected.labels());
        assertArrayEquals(new int[] {1, 3, 6, 0, 4}, selected.sourceIndex());
    }

    @Test
    void tooFewRowsInAClassNamesClassAndCount() {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.select(tiny(), List.of(), 3));
        assertEquals("tiny: class 1 has only 2 rows, 3 per class requested", e.getMessage());
    }

    @Test
    void unknownClass() {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.select(tiny(), List.of(0, 9), 0));
        assertEquals("tiny: unknown class 9 (classes present: [0, 1, 2])", e.getMessage());
    }

    // ---- format transforms ----

    @Test
    void requantizesByShifting() {
        Images narrower = Datasets.requantize(row(8, 0, 15, 16, 200, 255), 4);
        assertArrayEquals(new int[] {0, 0, 1, 12, 15}, narrower.pixels()[0]);
        assertEquals(4, narrower.pixelWidth());
        assertEquals("row; requantized 8->4 bits (right shift 4)", narrower.source());

        Images wider = Datasets.requantize(row(4, 0, 1, 15), 10);
        assertArrayEquals(new int[] {0, 64, 960}, wider.pixels()[0]);
        assertEquals("row; requantized 4->10 bits (left shift 6)", wider.source());

        Images same = row(8, 1, 2);
        assertSame(same, Datasets.requantize(same, 8));
    }

    @Test
    void resamplesByNearestIndex() {
        Images shrunk = Datasets.resample(row(8, 10, 11, 12, 13, 14), 3);
        assertArrayEquals(new int[] {10, 11, 13}, shrunk.pixels()[0]);
        assertEquals("row; resampled 5->3 dims (nearest, src = floor(k * 5 / 3))", shrunk.source());

        Images grown = Datasets.resample(row(8, 10, 11, 12), 7);
        assertArrayEquals(new int[] {10, 10, 10, 11, 11, 12, 12}, grown.pixels()[0]);

        int[] ramp = new int[784];
        Arrays.setAll(ramp, k -> k % 256);
        int[] to16 = Datasets.resample(row(8, ramp), 16).pixels()[0];
        for (int k = 0; k < 16; k++) {
            assertEquals((49 * k) % 256, to16[k], "pixel " + k);
        }
        int[] to3072 = Datasets.resample(row(8, ramp), 3072).pixels()[0];
        assertEquals(3072, to3072.length);
        assertEquals(0, to3072[3]);            // floor(3 * 784 / 3072) = 0
        assertEquals(1, to3072[4]);            // floor(4 * 784 / 3072) = 1
        assertEquals(783 % 256, to3072[3071]); // floor(3071 * 784 / 3072) = 783
    }

    // ---- end to end ----

    @Test
    void loadsCsvWithSelectionAndResampling() throws IOException {
        Path file = Files.writeString(dir.resolve("d.csv"),
                "label,a,b,c,d\n1,10,20,30,40\n0,1,2,3,4\n1,50,60,70,80\n0,5,6,7,8\n2,9,9,9,9\n");
        Images images = Datasets.load("csv:" + file, null, 1, "0-1", 8, 2, 0);
        assertArrayEquals(new int[] {0, 1}, images.labels());
        assertArrayEquals(new int[] {1, 0}, images.sourceIndex());
        assertArrayEquals(new int[] {1, 3}, images.pixels()[0]);
        assertArrayEquals(new int[] {10, 30}, images.pixels()[1]);
        assertEquals("csv:" + file + " per_class=1 classes=0,1; resampled 4->2 dims (nearest, src = floor(k * 4 / 2))",
                images.source());

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load("csv:" + file, null, 2, null, 8, 4, 0));
        assertEquals("csv:" + file + ": class 2 has only 1 row, 2 per class requested", e.getMessage());
    }

    @Test
    void loadsSynthetic() {
        Images all = Datasets.load("synthetic", null, 0, null, 8, 16, 5);
        assertEquals(1000, all.rows());
        assertEquals("synthetic(seed=5,classes=10,per_class=100) per_class=all classes=all", all.source());
        assertTrue(Arrays.deepEquals(SyntheticImages.generate(5, 10, 100, 8, 16).pixels(), all.pixels()));

        Images some = Datasets.load("synthetic", null, 3, "8-9", 6, 16, 5);
        assertArrayEquals(new int[] {8, 8, 8, 9, 9, 9}, some.labels());
        assertArrayEquals(new int[] {24, 25, 26, 27, 28, 29}, some.sourceIndex());
        assertEquals(6, some.pixelWidth());
    }

    @Test
    void loadsFashionMnistSelectedAndTransformed() {
        Images raw = FashionMnist.load("test");
        Images images = Datasets.load("fashion-mnist", "test", 5, "0,3", 4, 16, 0);
        assertEquals("fashion-mnist split=test per_class=5 classes=0,3; resampled 784->16 dims "
                + "(nearest, src = floor(k * 784 / 16)); requantized 8->4 bits (right shift 4)", images.source());
        assertEquals(10, images.rows());
        int[] expectedRows = new int[10];
        System.arraycopy(raw.indicesOfClass(0), 0, expectedRows, 0, 5);
        System.arraycopy(raw.indicesOfClass(3), 0, expectedRows, 5, 5);
        assertArrayEquals(expectedRows, images.sourceIndex());
        for (int i = 0; i < 10; i++) {
            assertEquals(i < 5 ? 0 : 3, images.labels()[i]);
            for (int k = 0; k < 16; k++) {
                assertEquals(raw.pixels()[expectedRows[i]][49 * k] >> 4, images.pixels()[i][k]);
            }
        }

        Images wide = Datasets.load("fashion-mnist", "test", 1, "9", 10, 3072, 0);
        assertEquals(3072, wide.dims());
        assertArrayEquals(new int[] {0}, wide.sourceIndex()); // the first test image is class 9
        assertEquals(raw.pixels()[0][783] << 2, wide.pixels()[0][3071]);

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load("fashion-mnist", "test", 1001, "0", 8, 784, 0));
        assertEquals("fashion-mnist:test: class 0 has only 1000 rows, 1001 per class requested", e.getMessage());
    }

    // ---- IDX folders ----

    @Test
    void findsTheIdxPairByMagicWhateverTheNames() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("idx"));
        Files.write(folder.resolve("pictures.bin.gz"), IdxFiles.gzip(IdxFiles.images(3, 2, 2,
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)));
        Files.write(folder.resolve("classes"), IdxFiles.labels(1, 0, 1));
        Files.writeString(folder.resolve("README.txt"), "not an IDX file\n");
        Images images = Datasets.loadExactShape(DatasetSpec.parse("idx:" + folder, null, 0, null, 8, 4, 0));
        assertArrayEquals(new int[] {0, 1, 1}, images.labels());
        assertArrayEquals(new int[] {1, 0, 2}, images.sourceIndex());
        assertArrayEquals(new int[] {5, 6, 7, 8}, images.pixels()[0]);
        assertEquals("idx:" + folder + " per_class=all classes=all", images.source());

        // A second pair is ambiguous until a prefix picks one.
        Files.write(folder.resolve("test-images"), IdxFiles.images(1, 2, 2, 0, 0, 0, 0));
        Files.write(folder.resolve("test-labels"), IdxFiles.labels(4));
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load(DatasetSpec.parse("idx:" + folder, null, 0, null, 8, 4, 0)));
        assertEquals("idx:" + folder + ": expected exactly one IDX image file (magic 0x00000803) and one label "
                + "file (magic 0x00000801), found [pictures.bin.gz, test-images] and [classes, test-labels]; "
                + "choose one pair with --split PREFIX (the start of its file names)", e.getMessage());
        Images test = Datasets.load(DatasetSpec.parse("idx:" + folder, "test", 0, null, 8, 4, 0));
        assertArrayEquals(new int[] {4}, test.labels());
        e = assertThrows(DatasetException.class,
                () -> Datasets.load(DatasetSpec.parse("idx:" + folder, "pic", 0, null, 8, 4, 0)));
        assertEquals("idx:" + folder + ": expected exactly one IDX image file (magic 0x00000803) and one label "
                + "file (magic 0x00000801) named pic*, found [pictures.bin.gz] and none", e.getMessage());
    }

    @Test
    void exactShapeRefusesOtherDimsWhereLoadResamples() throws IOException {
        Path file = Files.writeString(dir.resolve("d.csv"), "0,1,2,3,4\n1,5,6,7,8\n");
        DatasetSpec spec = DatasetSpec.parse("csv:" + file, null, 0, null, 8, 2, 0);
        assertEquals(2, Datasets.load(spec).dims());
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.loadExactShape(spec));
        assertEquals("csv:" + file + ": images have 4 pixels but the config has dims = 2; run with "
                + "--set dims=4 (lanes must stay <= dims)", e.getMessage());
        // The pixel width still adapts: 8-bit CSV values to 6 bits by a right shift.
        Images narrow = Datasets.loadExactShape(DatasetSpec.parse("csv:" + file, null, 0, null, 8, 4, 0));
        assertArrayEquals(new int[] {1, 2, 3, 4}, narrow.pixels()[0]);
    }
}
