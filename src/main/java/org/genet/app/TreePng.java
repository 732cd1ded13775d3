package org.genet.app;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.genet.overlay.TreeSnapshot;

/**
 * The whole tree as a PNG without a window (genet export --png, the Joins tab's Export): the same
 * layered layout, colours and label rules as the views ({@link TreeCanvas}): labels never overlap
 * each other or a node, the emphasised ones (a join's path) and the root are always named, the
 * others are named row by row where there is room, whole or shortened by whole words. Drawn with
 * Java2D, which needs no display.
 */
public final class TreePng {
    private static final java.awt.Color TEXT = new java.awt.Color(0x24, 0x29, 0x2f);
    private static final java.awt.Color EDGE = new java.awt.Color(0xad, 0xb5, 0xbd);

    private TreePng() {
    }

    /** {@code tree} as a {@code width} x {@code height} picture. */
    public static BufferedImage draw(TreeSnapshot tree, int width, int height) {
        TreeLayout.Laid laid = TreeLayout.layered(tree, null);
        return draw(laid.items(), laid.links(), width, height);
    }

    /** What a view draws ({@link TreeCanvas#items()}, {@link TreeCanvas#links()}) as a picture. */
    public static BufferedImage draw(List<TreeCanvas.Item> items, List<TreeCanvas.Link> links, int width, int height) {
        return render(items, links, width, height).image();
    }

    /** A picture, and where each of its texts went (for tests: none overlaps another). */
    record Picture(BufferedImage image, List<LabelPlacer.Box> texts) {
    }

    static Picture render(List<TreeCanvas.Item> items, List<TreeCanvas.Link> links, int width, int height) {
        List<LabelPlacer.Box> texts = new ArrayList<>();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(awt(TreeCanvas.BACKGROUND));
            g.fillRect(0, 0, width, height);
            if (items.isEmpty()) {
                return new Picture(image, texts);
            }
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            Map<Double, List<Double>> rows = new HashMap<>();
            for (TreeCanvas.Item i : items) {
                minX = Math.min(minX, i.x());
                maxX = Math.max(maxX, i.x());
                minY = Math.min(minY, i.y());
                maxY = Math.max(maxY, i.y());
                rows.computeIfAbsent(i.y(), k -> new ArrayList<>()).add(i.x());
            }
            Map<Double, Double> rowGap = new HashMap<>(); // each row's nodes get one size, as in the views
            for (Map.Entry<Double, List<Double>> row : rows.entrySet()) {
                List<Double> xs = row.getValue();
                xs.sort(null);
                double least = Double.MAX_VALUE;
                for (int k = 1; k < xs.size(); k++) {
                    least = Math.min(least, xs.get(k) - xs.get(k - 1));
                }
                rowGap.put(row.getKey(), least);
            }
            int fontSize = Math.max(11, Math.min(16, height / 60));
            double maxRadius = 14;
            double reach = maxRadius * 1.35 + 8;
            double marginX = Math.max(reach, Math.min(80, width * 0.06));
            double marginTop = reach;
            double marginBottom = Math.max(reach, maxRadius + 2 * fontSize + 20);
            double spanX = maxX - minX;
            double spanY = maxY - minY;
            double sx = spanX == 0 ? 1 : (width - 2 * marginX) / spanX;
            double sy = spanY == 0 ? 1 : Math.min((height - marginTop - marginBottom) / spanY, 160);
            double ox = width / 2.0 - (minX + maxX) / 2 * sx;
            double oy = spanY == 0 ? height / 2.0 - minY * sy : marginTop + (height - marginTop - marginBottom - spanY * sy) / 2 - minY * sy;
            double rowPx = spanY == 0 ? height : sy;
            Map<String, double[]> at = new HashMap<>();
            double radius = 2.5; // the smallest, for the edges' width
            for (TreeCanvas.Item i : items) {
                double gap = rowGap.get(i.y());
                double room = gap == Double.MAX_VALUE ? width : gap * sx;
                double r = Math.max(2.5, Math.min(maxRadius, Math.min(room * 0.32, rowPx * 0.22)));
                radius = Math.max(radius, Math.min(r, 6));
                at.put(i.id(), new double[] {ox + i.x() * sx, oy + i.y() * sy, r});
            }
            // edges, then the highlighted ones over them
            for (boolean highlight : new boolean[] {false, true}) {
                g.setColor(highlight ? awt(TreeCanvas.HIGHLIGHT) : EDGE);
                g.setStroke(new BasicStroke((float) (highlight ? Math.max(3, radius / 3) : Math.max(1, radius / 6)),
                        BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (TreeCanvas.Link l : links) {
                    double[] a = at.get(l.from());
                    double[] b = at.get(l.to());
                    if (l.highlight() == highlight && a != null && b != null) {
                        g.draw(new java.awt.geom.Line2D.Double(a[0], a[1], b[0], b[1]));
                    }
                }
            }
            LabelPlacer placer = new LabelPlacer(width, height);
            List<TreeCanvas.Item> order = new ArrayList<>(items);
            order.sort(Comparator.comparing(TreeCanvas.Item::emphasis));
            for (TreeCanvas.Item i : order) {
                double[] p = at.get(i.id());
                double r = i.large() ? p[2] * 1.35 : i.shape() == TreeCanvas.Shape.NODE ? p[2] : p[2] * 0.75;
                java.awt.geom.Ellipse2D disc = new java.awt.geom.Ellipse2D.Double(p[0] - r, p[1] - r, 2 * r, 2 * r);
                if (i.shape() == TreeCanvas.Shape.NODE) {
                    g.setColor(awt(i.fill()));
                    g.fill(disc);
                } else {
                    g.setColor(java.awt.Color.WHITE);
                    g.fill(disc);
                    g.setColor(awt(i.fill()));
                    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {4, 3}, 0));
                    g.draw(disc);
                }
                placer.hold(new LabelPlacer.Box(p[0] - r - 1, p[1] - r - 1, p[0] + r + 1, p[1] + r + 1, i.id()));
            }
            Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
            Font bold = plain.deriveFont(Font.BOLD);
            Font small = plain.deriveFont((float) Math.max(10, fontSize - 2));
            List<TreeCanvas.Item> byImportance = new ArrayList<>(items);
            byImportance.sort(Comparator.comparingInt((TreeCanvas.Item i) -> i.emphasis() || i.large() ? 0 : 1)
                    .thenComparingDouble(TreeCanvas.Item::y).thenComparingDouble(TreeCanvas.Item::x));
            for (TreeCanvas.Item i : byImportance) {
                if (i.emphasis() || i.large()) {
                    label(g, texts, placer, i, at.get(i.id()), radius, bold, true);
                }
            }
            for (TreeCanvas.Link l : links) {
                if (l.highlight() && l.label() != null) {
                    edgeLabel(g, texts, placer, l, at, small, true);
                }
            }
            for (TreeCanvas.Item i : byImportance) {
                if (i.emphasis() && i.badge() != null) {
                    badge(g, texts, placer, i, at.get(i.id()), radius, small);
                }
            }
            for (TreeCanvas.Item i : byImportance) {
                if (!i.emphasis() && !i.large()) {
                    label(g, texts, placer, i, at.get(i.id()), radius, plain, false);
                }
            }
            for (TreeCanvas.Link l : links) {
                if (!l.highlight() && l.label() != null) {
                    edgeLabel(g, texts, placer, l, at, small, false);
                }
            }
            return new Picture(image, texts);
        } finally {
            g.dispose();
        }
    }

    private static void label(Graphics2D g, List<LabelPlacer.Box> texts, LabelPlacer placer, TreeCanvas.Item i, double[] p, double radius, Font font,
                              boolean force) {
        if (i.label() == null || i.label().isEmpty()) {
            return;
        }
        g.setFont(font);
        FontMetrics m = g.getFontMetrics();
        double r = i.large() ? p[2] * 1.35 : p[2];
        double lh = m.getAscent() + m.getDescent() + 2;
        List<String> forms = force ? List.of(i.label()) : LabelPlacer.forms(i.label());
        for (String text : forms) {
            double tw = m.stringWidth(text) + 6;
            LabelPlacer.Box box = placer.inside(new LabelPlacer.Box(p[0] - tw / 2, p[1] + r + 2, p[0] + tw / 2, p[1] + r + 2 + lh, i.id()));
            if (box.x0() <= p[0] && box.x1() >= p[0] && placer.fits(box)) {
                placer.hold(box);
                background(g, box);
                texts.add(box);
                text(g, text, box, m, TEXT);
                return;
            }
        }
        if (force) {
            double tw = m.stringWidth(i.label()) + 6;
            LabelPlacer.Box box = placer.inside(new LabelPlacer.Box(p[0] - tw / 2, p[1] + r + 2, p[0] + tw / 2, p[1] + r + 2 + lh, i.id()));
            placer.hold(box);
            background(g, box);
            texts.add(box);
            text(g, i.label(), box, m, TEXT);
        }
    }

    private static void background(Graphics2D g, LabelPlacer.Box box) {
        g.setColor(new java.awt.Color(255, 255, 255, 217));
        g.fill(new java.awt.geom.RoundRectangle2D.Double(box.x0(), box.y0(), box.width(), box.y1() - box.y0(), 6, 6));
    }

    private static void badge(Graphics2D g, List<LabelPlacer.Box> texts, LabelPlacer placer, TreeCanvas.Item i, double[] p, double radius, Font font) {
        g.setFont(font);
        FontMetrics m = g.getFontMetrics();
        double tw = m.stringWidth(i.badge()) + 8;
        double lh = m.getAscent() + m.getDescent() + 2;
        LabelPlacer.Box box = placer.inside(new LabelPlacer.Box(p[0] + p[2] * 0.6, p[1] - p[2] - lh + 2,
                p[0] + p[2] * 0.6 + tw, p[1] - p[2] + 2, i.id()));
        placer.hold(box);
        g.setColor(new java.awt.Color(0xff, 0xf3, 0xbf));
        g.fill(new java.awt.geom.RoundRectangle2D.Double(box.x0(), box.y0(), box.width(), lh, 8, 8));
        g.setColor(new java.awt.Color(0xf0, 0x8c, 0x00));
        g.draw(new java.awt.geom.RoundRectangle2D.Double(box.x0(), box.y0(), box.width(), lh, 8, 8));
        texts.add(box);
        text(g, i.badge(), box, m, TEXT);
    }

    private static void edgeLabel(Graphics2D g, List<LabelPlacer.Box> texts, LabelPlacer placer, TreeCanvas.Link l, Map<String, double[]> at, Font font,
                                  boolean force) {
        double[] a = at.get(l.from());
        double[] b = at.get(l.to());
        if (a == null || b == null) {
            return;
        }
        g.setFont(font);
        FontMetrics m = g.getFontMetrics();
        double tw = m.stringWidth(l.label()) + 10;
        double lh = m.getAscent() + m.getDescent() + 4;
        String owner = l.from() + ">" + l.to();
        LabelPlacer.Box chosen = null;
        for (double t : force ? new double[] {0.5, 0.62, 0.38, 0.72, 0.28} : new double[] {0.72, 0.6}) {
            double mx = a[0] + (b[0] - a[0]) * t;
            double my = a[1] + (b[1] - a[1]) * t;
            LabelPlacer.Box box = new LabelPlacer.Box(mx - tw / 2, my - lh / 2, mx + tw / 2, my + lh / 2, owner);
            if (placer.fits(box)) {
                chosen = box;
                break;
            }
        }
        if (chosen == null && force) {
            double mx = (a[0] + b[0]) / 2;
            double my = (a[1] + b[1]) / 2;
            chosen = placer.inside(new LabelPlacer.Box(mx - tw / 2, my - lh / 2, mx + tw / 2, my + lh / 2, owner));
        }
        if (chosen == null) {
            return;
        }
        placer.hold(chosen);
        g.setColor(java.awt.Color.WHITE);
        g.fill(new java.awt.geom.RoundRectangle2D.Double(chosen.x0(), chosen.y0(), chosen.width(), lh, 8, 8));
        g.setColor(l.highlight() ? awt(TreeCanvas.HIGHLIGHT) : EDGE);
        g.setStroke(new BasicStroke(1));
        g.draw(new java.awt.geom.RoundRectangle2D.Double(chosen.x0(), chosen.y0(), chosen.width(), lh, 8, 8));
        texts.add(chosen);
        text(g, l.label(), chosen, m, TEXT);
    }

    private static void text(Graphics2D g, String text, LabelPlacer.Box box, FontMetrics m, java.awt.Color colour) {
        g.setColor(colour);
        double tw = m.stringWidth(text);
        double x = (box.x0() + box.x1()) / 2 - tw / 2;
        double y = (box.y0() + box.y1()) / 2 + (m.getAscent() - m.getDescent()) / 2.0;
        g.drawString(text, (float) x, (float) y);
    }

    public static void write(TreeSnapshot tree, Path out, int width, int height) throws IOException {
        write(draw(tree, width, height), out);
    }

    static void write(BufferedImage image, Path out) throws IOException {
        if (!ImageIO.write(image, "png", out.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static java.awt.Color awt(javafx.scene.paint.Color c) {
        return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue(), (float) c.getOpacity());
    }
}
