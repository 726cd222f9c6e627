package com.example.slides;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import javax.imageio.ImageIO;

/** The check that a rendered slide image is not empty. */
final class PngCheck {

    private PngCheck() {}

    /**
     * Passes when the PNG has a sane size and is not one flat colour: it has more than one colour and its luminance
     * varies (a blank or failed render is a single colour, standard deviation 0).
     */
    static void assertNotBlank(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s is a readable PNG", png.getFileName()).isNotNull();
        assertThat(image.getWidth()).as("width of %s", png.getFileName()).isBetween(640, 4096);
        assertThat(image.getHeight()).as("height of %s", png.getFileName()).isBetween(360, 4096);

        var colours = new HashSet<Integer>();
        double sum = 0;
        double sumOfSquares = 0;
        long pixels = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb & 0xffffff);
                double luminance = 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
                sum += luminance;
                sumOfSquares += luminance * luminance;
                pixels++;
            }
        }
        double mean = sum / pixels;
        double standardDeviation = Math.sqrt(Math.max(0, sumOfSquares / pixels - mean * mean));
        assertThat(colours.size()).as("colours in %s", png.getFileName()).isGreaterThan(1);
        assertThat(standardDeviation)
                .as("luminance standard deviation of %s", png.getFileName())
                .isGreaterThan(2.0);
    }
}
