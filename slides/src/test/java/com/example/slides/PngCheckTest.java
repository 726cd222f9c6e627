package com.example.slides;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG check rejects blank and tiny images and accepts a slide with text on it. */
class PngCheckTest {

    @TempDir
    Path dir;

    @Test
    void a_slide_with_a_title_passes() throws IOException {
        var image = slide(Color.WHITE);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(0x232f3e));
        graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
        graphics.drawString("Observable serverless Java", 80, 200);
        graphics.dispose();

        assertThatCode(() -> PngCheck.assertNotBlank(write(image, "title.png"))).doesNotThrowAnyException();
    }

    @Test
    void a_single_flat_colour_fails() throws IOException {
        Path png = write(slide(new Color(0x232f3e)), "flat.png");

        assertThatThrownBy(() -> PngCheck.assertNotBlank(png))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("colours in flat.png");
    }

    @Test
    void a_tiny_image_fails() throws IOException {
        Path png = write(new BufferedImage(16, 9, BufferedImage.TYPE_INT_RGB), "tiny.png");

        assertThatThrownBy(() -> PngCheck.assertNotBlank(png))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("width of tiny.png");
    }

    private static BufferedImage slide(Color background) {
        var image = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(background);
        graphics.fillRect(0, 0, 1280, 720);
        graphics.dispose();
        return image;
    }

    private Path write(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
