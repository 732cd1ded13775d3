package org.genet.app;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.genet.overlay.TreeSnapshot;

/**
 * The whole tree as a PNG without a window (genet export --png): the same layered layout and
 * colours as the whole-tree view, drawn with Java2D, which needs no display.
 */
public final class TreePng {
    private TreePng() {
    }

    /** Writes {@code tree} as a {@code width} x {@code height} PNG; labels are drawn while they fit. */
    public static BufferedImage draw(TreeSnapshot tree, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(awt(TreeCanvas.BACKGROUND));
            g.fillRect(0, 0, width, height);
            TreeLayout.Laid laid = TreeLayout.layered(tree, null);
            if (laid.items().isEmpty()) {
                return image;
            }
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (TreeCanvas.Item i : laid.items()) {
                minX = Math.min(minX, i.x());
                maxX = Math.max(maxX, i.x());
                minY = Math.min(minY, i.y());
                maxY = Math.max(maxY, i.y());
            }
            double margin = 30;
            double sx = (width - 2 * margin) / Math.max(1e-9, maxX - minX);
            double sy = (height - 2 * margin) / Math.max(1e-9, maxY - minY);
            // each axis fills the picture: a wide tree stays readable, as the view's "Fit" does
            if (maxX == minX) {
                sx = 1;
            }
            if (maxY == minY) {
                sy = 1;
            }
            double ox = (width - (maxX - minX) * sx) / 2 - minX * sx;
            double oy = (height - (maxY - minY) * sy) / 2 - minY * sy;
            Map<String, double[]> at = new HashMap<>();
            for (TreeCanvas.Item i : laid.items()) {
                at.put(i.id(), new double[] {ox + i.x() * sx, oy + i.y() * sy});
            }
            int rows = Math.max(1, laid.perDepth().size());
            double radius = Math.max(2, Math.min(14, Math.min(height / (3.0 * (rows + 1)), width / (3.0 * maxPerRow(laid)))));
            g.setColor(new java.awt.Color(0xad, 0xb5, 0xbd));
            g.setStroke(new BasicStroke((float) Math.max(0.5, radius / 6)));
            for (TreeCanvas.Link l : laid.links()) {
                double[] a = at.get(l.from());
                double[] b = at.get(l.to());
                if (a != null && b != null) {
                    g.drawLine((int) a[0], (int) a[1], (int) b[0], (int) b[1]);
                }
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.max(9, Math.min(13, radius))));
            boolean labels = radius >= 7;
            for (TreeCanvas.Item i : laid.items()) {
                double[] p = at.get(i.id());
                double r = i.large() ? radius * 1.4 : radius;
                g.setColor(awt(i.fill()));
                g.fillOval((int) (p[0] - r), (int) (p[1] - r), (int) (2 * r), (int) (2 * r));
                if (labels && i.label() != null) {
                    g.setColor(new java.awt.Color(0x24, 0x29, 0x2f));
                    int w = g.getFontMetrics().stringWidth(i.label());
                    g.drawString(i.label(), (int) (p[0] - w / 2.0), (int) (p[1] + r + g.getFontMetrics().getAscent()));
                }
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    public static void write(TreeSnapshot tree, Path out, int width, int height) throws IOException {
        if (!ImageIO.write(draw(tree, width, height), "png", out.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static int maxPerRow(TreeLayout.Laid laid) {
        return laid.perDepth().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    private static java.awt.Color awt(javafx.scene.paint.Color c) {
        return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }
}
