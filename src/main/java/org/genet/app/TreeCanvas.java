package org.genet.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * A tree drawn on a JavaFX {@link Canvas} at positions computed beforehand (a layout, never a
 * simulation). Positions are in layout units: x in columns, y in rows (depth). The canvas maps
 * them onto its area: "fit" shows every node inside the visible area at any size, with room for
 * its label; the user can zoom (wheel, or {@link #zoom}) and pan (drag), and {@link #fit()} goes
 * back. While fitted, every resize and every new content fits again. Drawing happens at most once
 * per frame, only when something changed. Only the FX thread uses it.
 */
public final class TreeCanvas extends Region {

    /** How a node is drawn. */
    public enum Shape { NODE, CANDIDATE, EMPTY_SLOT }

    /**
     * One node to draw. {@code ring} marks this app's own node; {@code badge} is a short text drawn
     * beside it (stored requests), {@code sub} a second label line.
     */
    public record Item(String id, double x, double y, String label, String sub, String badge, Color fill,
                       Shape shape, boolean large, boolean ring) {
    }

    /**
     * An edge from parent to child, with an optional label (a round-trip time, how it got through);
     * {@code relayed}: the connection goes through a TURN relay, drawn in a colour and dash of its own.
     */
    public record Link(String from, String to, String label, boolean dashed, boolean relayed) {
        public Link(String from, String to, String label, boolean dashed) {
            this(from, to, label, dashed, false);
        }
    }

    static final Color BACKGROUND = Color.web("#fbfbfd");
    private static final Color EDGE = Color.web("#adb5bd");
    private static final Color CANDIDATE_EDGE = Color.web("#f08c00");
    /** A link through a TURN relay. */
    static final Color RELAYED_EDGE = Color.web("#7048e8");
    private static final Color TEXT = Color.web("#24292f");
    private static final Color SUB = Color.web("#5c636a");
    private static final Color SELECTION = Color.web("#d6336c");
    private static final Color SELF_RING = Color.web("#e8590c");

    private final Canvas canvas = new Canvas();
    private List<Item> items = List.of();
    private List<Link> links = List.of();
    private final Map<String, Item> byId = new HashMap<>();
    /** Per item: the horizontal room (layout units) to its nearest neighbour on the same row. */
    private final Map<String, Double> room = new HashMap<>();
    /** Per row: the least room between two of its nodes; all nodes of a row get one size. */
    private final Map<Double, Double> rowRoom = new HashMap<>();
    private double minX;
    private double maxX;
    private double minY;
    private double maxY;
    // the view: screen = world * scale + translate
    private double sx = 1;
    private double sy = 1;
    private double tx;
    private double ty;
    private boolean fitted = true;
    private double fontSize = 13;
    private double maxRadius = 14;
    private String selected;
    private Consumer<String> onSelect = id -> { };
    private boolean dirty = true;
    private double dragX;
    private double dragY;
    private boolean dragged;
    private long frames;
    private long drawNanos;
    private final AnimationTimer painter = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (dirty) {
                draw();
            }
        }
    };

    public TreeCanvas() {
        getChildren().add(canvas);
        setMinSize(120, 100);
        setPrefSize(600, 400);
        canvas.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                zoomAt(e.getDeltaY() > 0 ? 1.2 : 1 / 1.2, e.getX(), e.getY());
            }
        });
        canvas.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
        });
        canvas.setOnMouseDragged(e -> {
            double dx = e.getX() - dragX;
            double dy = e.getY() - dragY;
            if (!dragged && Math.hypot(dx, dy) < 4) {
                return;
            }
            dragged = true;
            tx += dx;
            ty += dy;
            dragX = e.getX();
            dragY = e.getY();
            fitted = false;
            redraw();
        });
        canvas.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && !dragged) {
                String hit = itemAt(e.getX(), e.getY());
                select(hit);
                onSelect.accept(hit);
            }
        });
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                painter.start();
            } else {
                painter.stop();
            }
        });
    }

    /** Sizes for a presentation: larger labels and nodes. */
    public void setScale(double fontSize, double maxRadius) {
        this.fontSize = fontSize;
        this.maxRadius = maxRadius;
        redraw();
    }

    public void setOnSelect(Consumer<String> onSelect) {
        this.onSelect = onSelect;
    }

    /** Replaces what is drawn. Keeps the view (or fits again if it is fitted) and the selection. */
    public void setContent(List<Item> items, List<Link> links) {
        this.items = List.copyOf(items);
        this.links = List.copyOf(links);
        byId.clear();
        minX = minY = Double.POSITIVE_INFINITY;
        maxX = maxY = Double.NEGATIVE_INFINITY;
        for (Item i : this.items) {
            byId.put(i.id(), i);
            minX = Math.min(minX, i.x());
            maxX = Math.max(maxX, i.x());
            minY = Math.min(minY, i.y());
            maxY = Math.max(maxY, i.y());
        }
        if (this.items.isEmpty()) {
            minX = maxX = minY = maxY = 0;
        }
        room.clear();
        Map<Double, List<Item>> rows = new HashMap<>();
        for (Item i : this.items) {
            rows.computeIfAbsent(i.y(), k -> new ArrayList<>()).add(i);
        }
        rowRoom.clear();
        for (List<Item> row : rows.values()) {
            row.sort((a, b) -> Double.compare(a.x(), b.x()));
            double least = Double.POSITIVE_INFINITY;
            for (int k = 1; k < row.size(); k++) {
                least = Math.min(least, row.get(k).x() - row.get(k - 1).x());
            }
            rowRoom.put(row.get(0).y(), least);
            for (int k = 0; k < row.size(); k++) {
                double left = k == 0 ? Double.POSITIVE_INFINITY : row.get(k).x() - row.get(k - 1).x();
                double right = k == row.size() - 1 ? Double.POSITIVE_INFINITY : row.get(k + 1).x() - row.get(k).x();
                room.put(row.get(k).id(), Math.min(left, right));
            }
        }
        if (selected != null && !byId.containsKey(selected)) {
            selected = null;
        }
        if (fitted) {
            fitView();
        }
        redraw();
    }

    /** Shows every node inside the canvas, and keeps doing so on resizes until the user zooms or pans. */
    public void fit() {
        fitted = true;
        fitView();
        redraw();
    }

    /** Zooms by {@code factor} around the canvas's centre. */
    public void zoom(double factor) {
        zoomAt(factor, canvas.getWidth() / 2, canvas.getHeight() / 2);
    }

    public boolean isFitted() {
        return fitted;
    }

    public void select(String id) {
        selected = id != null && byId.containsKey(id) ? id : null;
        redraw();
    }

    public String selected() {
        return selected;
    }

    public List<Item> items() {
        return items;
    }

    public List<Link> links() {
        return links;
    }

    public Item item(String id) {
        return byId.get(id);
    }

    /** Where node {@code id} is drawn, in the canvas's coordinates, or null. */
    public Point2D screenPosition(String id) {
        Item i = byId.get(id);
        return i == null ? null : new Point2D(screenX(i.x()), screenY(i.y()));
    }

    /** The node drawn at this canvas point, or null. */
    public String itemAt(double x, double y) {
        String best = null;
        double bestD = Double.MAX_VALUE;
        for (Item i : items) {
            double d = Math.hypot(screenX(i.x()) - x, screenY(i.y()) - y);
            if (d <= Math.max(radius(i), 6) + 2 && d < bestD) {
                best = i.id();
                bestD = d;
            }
        }
        return best;
    }

    public Canvas canvas() {
        return canvas;
    }

    /** Frames drawn and the nanoseconds spent drawing them, for measurements. */
    public long frames() {
        return frames;
    }

    public long drawNanos() {
        return drawNanos;
    }

    /** Draws now if anything changed (the painter does this once per frame). */
    public void drawNow() {
        draw();
    }

    @Override
    protected void layoutChildren() {
        double w = Math.max(1, snapSizeX(getWidth()));
        double h = Math.max(1, snapSizeY(getHeight()));
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            if (fitted) {
                fitView();
            }
            redraw();
        }
    }

    // ---- the view --------------------------------------------------------------------------------

    private void redraw() {
        dirty = true;
    }

    /** The margins keep a node's circle and its label lines inside the canvas. */
    private double marginX() {
        return Math.max(maxRadius + 6, Math.min(80, canvas.getWidth() * 0.08));
    }

    private double marginTop() {
        return maxRadius + 8;
    }

    private double marginBottom() {
        return maxRadius + 2 * fontSize + 14;
    }

    private void fitView() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        double usableW = Math.max(1, w - 2 * marginX());
        double usableH = Math.max(1, h - marginTop() - marginBottom());
        double spanX = maxX - minX;
        double spanY = maxY - minY;
        // one column or row needs no more room than a comfortable spacing: small trees stay compact
        sx = spanX == 0 ? 1 : Math.min(usableW / spanX, 160);
        sy = spanY == 0 ? 1 : Math.min(usableH / spanY, 130);
        tx = w / 2 - (minX + maxX) / 2 * sx;
        ty = spanY == 0 ? h / 2 - minY * sy
                : marginTop() + (usableH - spanY * sy) / 2 - minY * sy;
    }

    private void zoomAt(double factor, double x, double y) {
        double next = Math.max(0.05, Math.min(400, sx * factor)) / sx;
        tx = x - (x - tx) * next;
        ty = y - (y - ty) * next;
        sx *= next;
        sy *= next;
        fitted = false;
        redraw();
    }

    private double screenX(double x) {
        return x * sx + tx;
    }

    private double screenY(double y) {
        return y * sy + ty;
    }

    /** The smallest radius a node gets on screen: when columns are narrow, so that neighbours never overlap. */
    private double radius() {
        return Math.max(2.5, Math.min(maxRadius, Math.min(sx, sy) * 0.32));
    }

    /** A node's room on screen to its nearest neighbour on its row (wide near the top of a tree). */
    private double roomOnScreen(Item i) {
        double r = room.getOrDefault(i.id(), Double.POSITIVE_INFINITY);
        return Double.isInfinite(r) ? canvas.getWidth() : r * sx;
    }

    /** The distance between two rows on screen (a single row has the whole height). */
    private double rowPx() {
        return maxY == minY ? canvas.getHeight() : sy;
    }

    private double radius(Item i) {
        double least = rowRoom.getOrDefault(i.y(), Double.POSITIVE_INFINITY);
        double roomPx = Double.isInfinite(least) ? canvas.getWidth() : least * sx;
        double r = Math.max(2.5, Math.min(maxRadius, Math.min(roomPx * 0.32, rowPx() * 0.22)));
        return i.large() ? Math.min(r * 1.35, maxRadius * 1.35) : i.shape() == Shape.NODE ? r : r * 0.75;
    }

    // ---- drawing ---------------------------------------------------------------------------------

    private void draw() {
        long start = System.nanoTime();
        dirty = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, w, h);
        double r = radius();
        Font font = Font.font("System", fontSize);
        Font bold = Font.font("System", FontWeight.BOLD, fontSize);
        Font small = Font.font("System", fontSize * 0.85);

        // one path per kind of edge, and below one per colour of plain discs: with a thousand nodes,
        // a few large shapes rasterise much faster than thousands of small ones
        g.setLineWidth(Math.max(1, r / 6));
        for (int kind = 0; kind < 3; kind++) { // plain, candidate (dashed), relayed through TURN
            boolean dashed = kind == 1;
            boolean relayed = kind == 2;
            g.beginPath();
            for (Link l : links) {
                Item a = byId.get(l.from());
                Item b = byId.get(l.to());
                if (l.dashed() != dashed || l.relayed() != relayed || a == null || b == null || !visibleSegment(a, b, w, h)) {
                    continue;
                }
                g.moveTo(screenX(a.x()), screenY(a.y()));
                g.lineTo(screenX(b.x()), screenY(b.y()));
            }
            g.setStroke(relayed ? RELAYED_EDGE : dashed ? CANDIDATE_EDGE : EDGE);
            g.setLineDashes(relayed ? new double[] {10, 5} : dashed ? new double[] {6, 4} : null);
            g.setLineWidth(relayed ? Math.max(1.5, r / 4) : Math.max(1, r / 6));
            g.setLineCap(relayed ? javafx.scene.shape.StrokeLineCap.BUTT : javafx.scene.shape.StrokeLineCap.SQUARE); // square caps would fill the gaps
            g.stroke();
        }
        g.setLineWidth(Math.max(1, r / 6));
        g.setLineCap(javafx.scene.shape.StrokeLineCap.SQUARE);
        g.setLineDashes(null);
        Map<Color, List<Item>> discs = new HashMap<>();
        for (Item i : items) {
            if (i.shape() == Shape.NODE && !i.ring() && !i.large()) {
                discs.computeIfAbsent(i.fill(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Color, List<Item>> e : discs.entrySet()) {
            g.beginPath();
            for (Item i : e.getValue()) {
                double x = screenX(i.x());
                double y = screenY(i.y());
                double ri = radius(i);
                if (x >= -ri && x <= w + ri && y >= -ri && y <= h + ri) {
                    g.moveTo(x + ri, y);
                    g.arc(x, y, ri, ri, 0, 360);
                    g.closePath();
                }
            }
            g.setFill(e.getKey());
            g.fill();
            if (r >= 5) {
                g.setStroke(Color.WHITE);
                g.setLineWidth(Math.max(1, r / 7));
                g.stroke();
            }
        }
        // edge labels sit on the edge on a background of their own: the line never runs through the text
        g.setFont(small);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        for (Link l : links) {
            Item a = byId.get(l.from());
            Item b = byId.get(l.to());
            if (l.label() == null || l.label().isEmpty() || a == null || b == null
                    || roomOnScreen(b) * 0.72 < textWidth(l.label(), fontSize * 0.85) + 14) {
                continue;
            }
            // nearer the child, where fanned-out edges are far apart; only where rows leave room for it
            if (Math.abs(b.y() - a.y()) * sy < 2 * radius(b) + 3.5 * fontSize + 8 && b.y() != a.y()) { // too close
                continue;
            }
            double mx = screenX(a.x()) + (screenX(b.x()) - screenX(a.x())) * 0.72;
            double my = screenY(a.y()) + (screenY(b.y()) - screenY(a.y())) * 0.72;
            double tw = textWidth(l.label(), fontSize * 0.85);
            g.setFill(Color.WHITE);
            g.fillRoundRect(mx - tw / 2 - 4, my - fontSize * 0.7, tw + 8, fontSize * 1.4, 8, 8);
            g.setStroke(EDGE);
            g.setLineWidth(1);
            g.strokeRoundRect(mx - tw / 2 - 4, my - fontSize * 0.7, tw + 8, fontSize * 1.4, 8, 8);
            g.setFill(SUB);
            g.fillText(l.label(), mx, my);
        }

        for (Item i : items) {
            double x = screenX(i.x());
            double y = screenY(i.y());
            double ri = radius(i);
            double roomPx = roomOnScreen(i);
            // labels (and their second line) only where the row and the rows below leave room for them
            double rowPx = rowPx();
            double labelRoom = Math.min(roomPx, 2 * Math.min(x, w - x)) - 6;
            int chars = (int) (labelRoom / (fontSize * 0.58));
            boolean labels = (chars >= i.label().length() || chars >= 6) && rowPx >= 2 * ri + fontSize + 8;
            boolean subs = labels && rowPx >= 2 * ri + 2 * fontSize + 12;
            if (i.shape() == Shape.NODE && !i.ring() && !i.large()) {
                // drawn above with the others of its colour
            } else if (i.shape() == Shape.NODE) {
                g.setFill(i.fill());
                g.fillOval(x - ri, y - ri, 2 * ri, 2 * ri);
                g.setStroke(Color.WHITE);
                g.setLineWidth(Math.max(1, ri / 7));
                g.strokeOval(x - ri, y - ri, 2 * ri, 2 * ri);
            } else {
                g.setFill(Color.WHITE);
                g.fillOval(x - ri, y - ri, 2 * ri, 2 * ri);
                g.setStroke(i.fill());
                g.setLineWidth(Math.max(1.5, ri / 5));
                g.setLineDashes(new double[] {4, 3});
                g.strokeOval(x - ri, y - ri, 2 * ri, 2 * ri);
                g.setLineDashes(null);
            }
            if (i.ring()) {
                g.setStroke(SELF_RING);
                g.setLineWidth(Math.max(2, ri / 4));
                g.strokeOval(x - ri - 3, y - ri - 3, 2 * ri + 6, 2 * ri + 6);
            }
            if (i.id().equals(selected)) {
                g.setStroke(SELECTION);
                g.setLineWidth(3);
                g.strokeOval(x - ri - 6, y - ri - 6, 2 * ri + 12, 2 * ri + 12);
            }
            if (i.badge() != null && !i.badge().isEmpty() && (labels || i.large())) {
                g.setFont(small);
                double bw = textWidth(i.badge(), fontSize * 0.85) + 8;
                g.setFill(Color.web("#fff3bf"));
                g.fillRoundRect(x + ri * 0.6, y - ri - fontSize * 0.9, bw, fontSize * 1.3, 8, 8);
                g.setStroke(Color.web("#f08c00"));
                g.setLineWidth(1);
                g.strokeRoundRect(x + ri * 0.6, y - ri - fontSize * 0.9, bw, fontSize * 1.3, 8, 8);
                g.setFill(TEXT);
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText(i.badge(), x + ri * 0.6 + 4, y - ri - fontSize * 0.25);
                g.setTextAlign(TextAlignment.CENTER);
            }
            if (labels || i.large() || i.id().equals(selected)) {
                g.setTextBaseline(VPos.TOP);
                g.setFont(i.large() ? bold : font);
                String text = shorten(i.label(), chars);
                double tw = textWidth(text, fontSize);
                g.setFill(Color.color(1, 1, 1, 0.85));
                g.fillRoundRect(x - tw / 2 - 3, y + ri + 2, tw + 6, fontSize + 4, 6, 6);
                g.setFill(TEXT);
                g.fillText(text, x, y + ri + 3);
                if (i.sub() != null && !i.sub().isEmpty() && subs) {
                    g.setFont(small);
                    g.setFill(SUB);
                    g.fillText(shorten(i.sub(), (int) (labelRoom / (fontSize * 0.85 * 0.58))), x, y + ri + 4 + fontSize + 2);
                }
                g.setTextBaseline(VPos.CENTER);
            }
        }
        frames++;
        drawNanos += System.nanoTime() - start;
    }

    private boolean visibleSegment(Item a, Item b, double w, double h) {
        double x1 = screenX(a.x());
        double x2 = screenX(b.x());
        double y1 = screenY(a.y());
        double y2 = screenY(b.y());
        return !(Math.max(x1, x2) < 0 || Math.min(x1, x2) > w || Math.max(y1, y2) < 0 || Math.min(y1, y2) > h);
    }

    /** An estimate good enough to size a label's background (measuring every label each frame is slow). */
    static double textWidth(String text, double size) {
        return text.length() * size * 0.58;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(1, max - 1)) + "…";
    }

    /** Every node's screen position, for tests: id to point. */
    Map<String, Point2D> positions() {
        Map<String, Point2D> out = new HashMap<>();
        for (Item i : items) {
            out.put(i.id(), screenPosition(i.id()));
        }
        return out;
    }

    /** The ids drawn, in drawing order. */
    List<String> ids() {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.id()));
        return out;
    }
}
