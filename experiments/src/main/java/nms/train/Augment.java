package nms.train;

import java.util.SplittableRandom;

/**
 * The distribution-shift regimes of the shift scenario, on 28 x 28 images with pixels in [0, 1]:
 * 0 clean; 1 rotation uniform in +-20 degrees and translation uniform in +-3 pixels (bilinear,
 * zero outside); 2 a linear background ramp of random direction rising to 0.6, added and clipped
 * at 1; 3 white Gaussian noise of standard deviation 0.25, clipped to [0, 1].
 */
final class Augment {
    static final int REGIMES = 4;
    static final String[] NAMES = {"clean", "shift/rotation", "background gradient", "white noise"};
    private static final int SIDE = QuantizedNet.SIDE;

    private Augment() {
    }

    static double[] apply(int regime, double[] image, SplittableRandom rnd) {
        return switch (regime) {
            case 0 -> image.clone();
            case 1 -> rotateShift(image, rnd.nextDouble(-20, 20) * Math.PI / 180, rnd.nextDouble(-3, 3),
                    rnd.nextDouble(-3, 3));
            case 2 -> ramp(image, rnd.nextDouble(0, 2 * Math.PI), 0.6);
            case 3 -> noise(image, 0.25, rnd);
            default -> throw new IllegalArgumentException("regime " + regime);
        };
    }

    static double[] rotateShift(double[] img, double angle, double dx, double dy) {
        double[] out = new double[img.length];
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double mid = (SIDE - 1) / 2.0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                // Inverse map: where this output pixel comes from.
                double ux = x - mid - dx;
                double uy = y - mid - dy;
                double sx = c * ux + s * uy + mid;
                double sy = -s * ux + c * uy + mid;
                out[y * SIDE + x] = bilinear(img, sx, sy);
            }
        }
        return out;
    }

    private static double bilinear(double[] img, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (1 - fx) * (1 - fy) * at(img, x0, y0) + fx * (1 - fy) * at(img, x0 + 1, y0)
                + (1 - fx) * fy * at(img, x0, y0 + 1) + fx * fy * at(img, x0 + 1, y0 + 1);
    }

    private static double at(double[] img, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : img[y * SIDE + x];
    }

    static double[] ramp(double[] img, double direction, double amplitude) {
        double[] out = new double[img.length];
        double c = Math.cos(direction);
        double s = Math.sin(direction);
        double mid = (SIDE - 1) / 2.0;
        double reach = mid * (Math.abs(c) + Math.abs(s));
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double t = ((x - mid) * c + (y - mid) * s + reach) / (2 * reach);
                out[y * SIDE + x] = Math.min(1, img[y * SIDE + x] + amplitude * t);
            }
        }
        return out;
    }

    static double[] noise(double[] img, double sigma, SplittableRandom rnd) {
        double[] out = new double[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = Math.max(0, Math.min(1, img[i] + sigma * gaussian(rnd)));
        }
        return out;
    }

    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
