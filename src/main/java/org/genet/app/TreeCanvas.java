package org.genet.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A tree drawn on a JavaFX {@link Canvas} at positions computed beforehand (a layout, never a
 * simulation). Positions are in layout units: x in columns, y in rows (depth). The canvas maps
 * them onto its area: "fit" shows every node inside the visible area at any size, with room for
 * its label; the user can zoom (wheel, or {@link #zoom}) and pan (drag), and {@link #fit()} goes
 * back. While fitted, every resize and every new content fits again. Drawing happens at most once
 * per frame, only when something changed. Only the FX thread uses it.
 *
 * <p>Labels never collide: each takes a place no other label or node holds, inside the canvas, in
 * the order of importance (emphasised items such as a join's path, the selection, this node and
 * the root always; then row by row from the top, each name whole or shortened by whole words), and
 * the others yield. Edge labels of highlighted edges are always drawn, others where they fit.
 */
public final class TreeCanvas extends Region {

    /** How a node is drawn. */
    public enum Shape { NODE, CANDIDATE, EMPTY_SLOT }

    /**
     * One node to draw. {@code ring} marks this app's own node; {@code badge} is a short text drawn
     * beside it (stored requests), {@code sub} a second label line; an {@code emphasis} item (on a
     * join's path) is drawn above the others and always labelled.
     */
    public record Item(String id, double x, double y, String label, String sub, String badge, Color fill,
                       Shape shape, boolean large, boolean ring, boolean emphasis) {
        public Item(String id, double x, double y, String label, String sub, String badge, Color fill, Shape shape,
                    boolean large, boolean ring) {
            this(id, x, y, label, sub, badge, fill, shape, large, ring, false);
        }
    }

    /**
     * An edge from parent to child, with an optional label (a round-trip time, how it got through);
     * {@code relayed}: the connection goes through a TURN relay, drawn in a colour and dash of its own;
     * {@code highlight}: thick, labelled always (a join's path).
     */
    public record Link(String from, String to, String label, boolean dashed, boolean relayed, boolean highlight) {
        public Link(String from, String to, String label, boolean dashed) {
            this(from, to, label, dashed, false, false);
        }
    }

    /** A text the last frame drew, where, for whom, and whether it was one that must be drawn. */
    public record DrawnText(String owner, String text, double x0, double y0, double x1, double y1, boolean forced) {
    }

    static final Color BACKGROUND = Color.web("#fbfbfd");
    private static final Color EDGE = Color.web("#adb5bd");
    private static final Color CANDIDATE_EDGE = Color.web("#f08c00");
    /** A link through a TURN relay. */
    static final Color RELAYED_EDGE = Color.web("#7048e8");
    static final Color HIGHLIGHT = Color.web("#d6336c");
    private static final Color TEXT = Color.web("#24292f");
    private static final Color SUB = Color.web("#5c636a");
    private static final Color SELECTION = Color.web("#d6336c");
    private static final Color SELF_RING = Color.web("#e8590c");
    private static final Color NEW_NODE = Color.web("#2f9e44");
    /** How long a new node stays highlighted (with {@link #setHighlightNew}). */
    static final long NEW_NODE_MS = 2_500;

    private final Canvas canvas = new Canvas();
    private List<Item> items = List.of();
    private List<Link> links = List.of();
    private final Map<String, Item> byId = new HashMap<>();
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
    private boolean highlightNew;
    /** Nodes that appeared in the content lately, and when (System.nanoTime). */
    private final Map<String, Long> appeared = new HashMap<>();
    private final Text measurer = new Text();
    private final Map<Font, double[]> advances = new HashMap<>();
    private final Map<String, Double> wide = new HashMap<>();
    private final Map<String, List<String>> formsOf = new HashMap<>();
    private List<DrawnText> drawnTexts = List.of();
    private List<String> outside = List.of();
    private final AnimationTimer painter = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (dirty || !appeared.isEmpty()) {
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
        if (fontSize == this.fontSize && maxRadius == this.maxRadius) {
            return;
        }
        this.fontSize = fontSize;
        this.maxRadius = maxRadius;
        if (fitted) {
            fitView();
        }
        redraw();
    }

    /** Whether nodes that appear are drawn highlighted for a moment (the presentation: the audience sees who joined). */
    public void setHighlightNew(boolean on) {
        highlightNew = on;
        if (!on) {
            appeared.clear();
        }
    }

    public void setOnSelect(Consumer<String> onSelect) {
        this.onSelect = onSelect;
    }

    /** Replaces what is drawn. Keeps the view (or fits again if it is fitted) and the selection. */
    public void setContent(List<Item> items, List<Link> links) {
        if (highlightNew && !this.items.isEmpty()) {
            long now = System.nanoTime();
            for (Item i : items) {
                if (i.shape() == Shape.NODE && !byId.containsKey(i.id())) {
                    appeared.put(i.id(), now);
                }
            }
        }
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
        appeared.keySet().retainAll(byId.keySet());
        if (this.items.isEmpty()) {
            minX = maxX = minY = maxY = 0;
        }
        Map<Double, List<Item>> rows = new HashMap<>();
        for (Item i : this.items) {
            rows.computeIfAbsent(i.y(), k -> new ArrayList<>()).add(i);
        }
        rowRoom.clear();
        for (List<Item> row : rows.values()) {
            row.sort(Comparator.comparingDouble(Item::x));
            double least = Double.POSITIVE_INFINITY;
            for (int k = 1; k < row.size(); k++) {
                least = Math.min(least, row.get(k).x() - row.get(k - 1).x());
            }
            rowRoom.put(row.get(0).y(), least);
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

    /**
     * The canvas's zoom controls: Fit, + and −, their ids {@code idPrefix}-fit, -zoom-in and
     * -zoom-out, none narrower than its text.
     */
    public List<javafx.scene.control.Button> zoomButtons(String idPrefix) {
        javafx.scene.control.Button fit = new javafx.scene.control.Button("Fit");
        fit.setId(idPrefix + "-fit");
        fit.setOnAction(e -> fit());
        javafx.scene.control.Button in = new javafx.scene.control.Button("+");
        in.setId(idPrefix + "-zoom-in");
        in.setOnAction(e -> zoom(1.5));
        javafx.scene.control.Button out = new javafx.scene.control.Button("−");
        out.setId(idPrefix + "-zoom-out");
        out.setOnAction(e -> zoom(1 / 1.5));
        List<javafx.scene.control.Button> buttons = List.of(fit, in, out);
        for (javafx.scene.control.Button b : buttons) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        return buttons;
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

    /** Every text the last frame drew (node labels, their second lines, badges, edge labels). */
    public List<DrawnText> drawnTexts() {
        return drawnTexts;
    }

    /** What the last frame drew outside the canvas while fitted (nothing should be): descriptions, for tests. */
    public List<String> drawnOutside() {
        return outside;
    }

    /** The nodes highlighted as new now. */
    Set<String> highlightedNew() {
        return Set.copyOf(appeared.keySet());
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

    /** How far a node's drawing reaches from its centre at most: the root's disc, its ring, the selection. */
    private double reach() {
        return maxRadius * 1.35 + 3 + Math.max(2, maxRadius * 1.35 / 4) / 2 + 8;
    }

    /** The margins keep every node's circle, ring and label lines inside the canvas. */
    private double marginX() {
        return Math.max(reach(), Math.min(80, canvas.getWidth() * 0.08));
    }

    private double marginTop() {
        return reach();
    }

    private double marginBottom() {
        return Math.max(reach(), maxRadius + 2 + (fontSize + 4) + (fontSize * 0.85 + 4) + 6);
    }

    private void fitView() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        double usableW = Math.max(1, w - 2 * marginX());
        double usableH = Math.max(1, h - marginTop() - marginBottom());
        double spanX = maxX - minX;
        double spanY = maxY - minY;
        // one column or row needs no more room than a comfortable spacing: small trees stay compact
        sx = spanX == 0 ? 1 : Math.min(usableW / spanX, 160 * fontSize / 13);
        sy = spanY == 0 ? 1 : Math.min(usableH / spanY, 130 * fontSize / 13);
        tx = w / 2 - (minX + maxX) / 2 * sx;
        ty = spanY == 0 ? marginTop() + usableH / 2 - minY * sy
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

    /** How much of the highlight of a new node is left: 1 when it appeared, 0 once {@link #NEW_NODE_MS} passed. */
    private double freshness(String id, long now) {
        Long at = appeared.get(id);
        if (at == null) {
            return 0;
        }
        double f = 1 - (now - at) / 1e6 / NEW_NODE_MS;
        return Math.max(0, f);
    }

    // ---- drawing ---------------------------------------------------------------------------------

    /**
     * The width of {@code text} in {@code font}: the sum of its characters' advances, each measured
     * once per font (measuring every label of a thousand-node tree with a text node took tens of ms
     * a frame; JavaFX draws these labels without kerning, so the sum is their width).
     */
    private double width(String text, Font font) {
        double[] advances = this.advances.computeIfAbsent(font, f -> new double[128]);
        double w = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c < 128) {
                if (advances[c] == 0) {
                    advances[c] = measure(String.valueOf(c), font);
                }
                w += advances[c];
            } else {
                w += wide.computeIfAbsent(font.getSize() + "/" + font.getStyle() + "/" + c, key -> measure(String.valueOf(c), font));
            }
        }
        return w;
    }

    /** {@link LabelPlacer#forms}, kept per label: the same names are placed again every frame. */
    private List<String> forms(String label) {
        if (formsOf.size() > 20_000) {
            formsOf.clear();
        }
        return formsOf.computeIfAbsent(label, LabelPlacer::forms);
    }

    private double measure(String text, Font font) {
        if (wide.size() > 20_000) {
            wide.clear();
        }
        measurer.setFont(font);
        measurer.setText(text);
        return Math.max(0.0001, measurer.getLayoutBounds().getWidth());
    }

    private void draw() {
        long start = System.nanoTime();
        dirty = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, w, h);
        Font font = Font.font("System", fontSize);
        Font bold = Font.font("System", FontWeight.BOLD, fontSize);
        Font small = Font.font("System", fontSize * 0.85);
        long now = System.nanoTime();
        appeared.values().removeIf(at -> (now - at) / 1e6 >= NEW_NODE_MS);
        List<String> out = new ArrayList<>();

        double typical = items.isEmpty() ? maxRadius : radius(items.get(items.size() - 1));
        // one path per kind of edge, and below one per colour of plain discs: with a thousand nodes,
        // a few large shapes rasterise much faster than thousands of small ones
        g.setLineWidth(Math.max(1, typical / 6));
        for (int kind = 0; kind < 3; kind++) { // plain, candidate (dashed), relayed through TURN
            boolean dashed = kind == 1;
            boolean relayed = kind == 2;
            g.beginPath();
            for (Link l : links) {
                Item a = byId.get(l.from());
                Item b = byId.get(l.to());
                if (l.dashed() != dashed || l.relayed() != relayed || l.highlight() || a == null || b == null
                        || !visibleSegment(a, b, w, h)) {
                    continue;
                }
                g.moveTo(screenX(a.x()), screenY(a.y()));
                g.lineTo(screenX(b.x()), screenY(b.y()));
            }
            g.setStroke(relayed ? RELAYED_EDGE : dashed ? CANDIDATE_EDGE : EDGE);
            g.setLineDashes(relayed ? new double[] {10, 5} : dashed ? new double[] {6, 4} : null);
            g.setLineWidth(relayed ? Math.max(1.5, typical / 4) : Math.max(1, typical / 6));
            g.setLineCap(relayed ? javafx.scene.shape.StrokeLineCap.BUTT : javafx.scene.shape.StrokeLineCap.SQUARE); // square caps would fill the gaps
            g.stroke();
        }
        g.setLineCap(javafx.scene.shape.StrokeLineCap.SQUARE);
        g.setLineDashes(null);
        g.beginPath();
        for (Link l : links) {
            Item a = byId.get(l.from());
            Item b = byId.get(l.to());
            if (l.highlight() && a != null && b != null && visibleSegment(a, b, w, h)) {
                g.moveTo(screenX(a.x()), screenY(a.y()));
                g.lineTo(screenX(b.x()), screenY(b.y()));
            }
        }
        g.setStroke(HIGHLIGHT);
        g.setLineWidth(Math.max(3, typical / 3));
        g.stroke();

        // one batch per colour and size: a batch's white outline is as thick as its discs allow
        Map<Color, Map<Double, List<Item>>> discs = new HashMap<>();
        List<Item> apart = new ArrayList<>();
        for (Item i : items) {
            if (i.shape() == Shape.NODE && !i.ring() && !i.large() && !i.emphasis() && !appeared.containsKey(i.id())) {
                discs.computeIfAbsent(i.fill(), k -> new HashMap<>()).computeIfAbsent(Math.round(radius(i) * 2) / 2.0,
                        k -> new ArrayList<>()).add(i);
            } else {
                apart.add(i);
            }
        }
        // the emphasised ones last: on top of the others
        apart.sort(Comparator.comparing(Item::emphasis));
        for (Map.Entry<Color, Map<Double, List<Item>>> byColour : discs.entrySet()) {
            for (List<Item> batch : byColour.getValue().values()) {
                discs(g, batch, byColour.getKey(), w, h, out);
            }
        }
        for (Item i : apart) {
            double x = screenX(i.x());
            double y = screenY(i.y());
            double fresh = freshness(i.id(), now);
            double ri = radius(i) * (1 + 0.5 * fresh);
            if (x < -ri - 20 || x > w + ri + 20 || y < -ri - 20 || y > h + ri + 20) {
                continue;
            }
            double reach = ri + 1;
            if (i.shape() == Shape.NODE) {
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
                double lw = Math.max(2, ri / 4);
                g.setStroke(SELF_RING);
                g.setLineWidth(lw);
                g.strokeOval(x - ri - 3, y - ri - 3, 2 * ri + 6, 2 * ri + 6);
                reach = Math.max(reach, ri + 3 + lw / 2);
            }
            if (fresh > 0) {
                double lw = 3;
                double rr = ri + 3 + 6 * (1 - fresh);
                g.setStroke(Color.color(NEW_NODE.getRed(), NEW_NODE.getGreen(), NEW_NODE.getBlue(), fresh));
                g.setLineWidth(lw);
                g.strokeOval(x - rr, y - rr, 2 * rr, 2 * rr);
                reach = Math.max(reach, rr + lw / 2);
            }
            outsideCheck(out, i.id(), x, y, reach, w, h);
        }
        if (selected != null && byId.containsKey(selected)) {
            Item i = byId.get(selected);
            double x = screenX(i.x());
            double y = screenY(i.y());
            double ri = radius(i);
            g.setStroke(SELECTION);
            g.setLineWidth(3);
            g.strokeOval(x - ri - 6, y - ri - 6, 2 * ri + 12, 2 * ri + 12);
            outsideCheck(out, i.id() + " (selection)", x, y, ri + 7.5, w, h);
        }
        List<DrawnText> texts = labels(g, w, h, font, bold, small, now);
        for (DrawnText t : texts) {
            if (t.x0() < 0 || t.y0() < 0 || t.x1() > w || t.y1() > h) {
                out.add("text \"" + t.text() + "\" of " + t.owner());
            }
        }
        drawnTexts = texts;
        outside = fitted ? List.copyOf(out) : List.of();
        frames++;
        drawNanos += System.nanoTime() - start;
    }

    /** Plain discs of one colour and size, as one path. */
    private void discs(GraphicsContext g, List<Item> batch, Color fill, double w, double h, List<String> out) {
        g.beginPath();
        double outline = 0;
        for (Item i : batch) {
            double x = screenX(i.x());
            double y = screenY(i.y());
            double ri = radius(i);
            outline = ri;
            if (x >= -ri && x <= w + ri && y >= -ri && y <= h + ri) {
                g.moveTo(x + ri, y);
                g.arc(x, y, ri, ri, 0, 360);
                g.closePath();
                outsideCheck(out, i.id(), x, y, ri + 1, w, h);
            }
        }
        g.setFill(fill);
        g.fill();
        if (outline >= 5) {
            g.setStroke(Color.WHITE);
            g.setLineWidth(Math.max(1, outline / 7));
            g.stroke();
        }
    }

    private static void outsideCheck(List<String> out, String what, double x, double y, double reach, double w, double h) {
        if (x - reach < 0 || y - reach < 0 || x + reach > w || y + reach > h) {
            out.add(what + " at " + Math.round(x) + "," + Math.round(y) + " reaching " + Math.round(reach));
        }
    }

    /** Places and draws every label that has room, the important ones first; returns what it drew. */
    private List<DrawnText> labels(GraphicsContext g, double w, double h, Font font, Font bold, Font small, long now) {
        LabelPlacer placer = new LabelPlacer(w, h);
        List<DrawnText> drawn = new ArrayList<>();
        List<Item> visible = new ArrayList<>();
        for (Item i : items) {
            double x = screenX(i.x());
            double y = screenY(i.y());
            double ri = radius(i) + (i.ring() ? 5 : 1);
            if (x < -ri || x > w + ri || y < -ri || y > h + ri) {
                continue;
            }
            visible.add(i);
            placer.hold(new LabelPlacer.Box(x - ri, y - ri, x + ri, y + ri, i.id()));
        }
        // the order of importance: the path, the selection, this node and the root, then row by row
        visible.sort(Comparator.comparingInt((Item i) -> forced(i) ? 0 : 1).thenComparingDouble(Item::y)
                .thenComparingDouble(Item::x));
        Set<String> named = new HashSet<>();
        for (Item i : visible) {
            if (!forced(i)) {
                break;
            }
            if (nodeLabel(g, placer, drawn, i, font, bold, true)) {
                named.add(i.id());
            }
        }
        for (Item i : visible) {
            if (i.badge() != null && !i.badge().isEmpty() && i.emphasis()) {
                badge(g, placer, drawn, i, small, true);
            }
        }
        for (Link l : links) { // a highlighted edge's label: always
            if (l.highlight()) {
                edgeLabel(g, placer, drawn, l, small, true);
            }
        }
        for (Item i : visible) {
            if (!forced(i) && nodeLabel(g, placer, drawn, i, font, bold, false)) {
                named.add(i.id());
            }
        }
        for (Item i : visible) {
            if (i.badge() != null && !i.badge().isEmpty() && !i.emphasis()) {
                badge(g, placer, drawn, i, small, false);
            }
        }
        for (Item i : visible) {
            if (named.contains(i.id()) && i.sub() != null && !i.sub().isEmpty()) {
                sub(g, placer, drawn, i, small);
            }
        }
        for (Link l : links) {
            if (!l.highlight() && l.label() != null && !l.label().isEmpty()) {
                edgeLabel(g, placer, drawn, l, small, false);
            }
        }
        return drawn;
    }

    private boolean forced(Item i) {
        return i.emphasis() || i.large() || i.ring() || i.id().equals(selected);
    }

    /** The node's name under its disc: whole, else shortened by whole words, else (unless forced) none. */
    private boolean nodeLabel(GraphicsContext g, LabelPlacer placer, List<DrawnText> drawn, Item i, Font font, Font bold,
                              boolean force) {
        if (i.label() == null || i.label().isEmpty()) {
            return false;
        }
        Font f = i.large() || i.emphasis() ? bold : font;
        double x = screenX(i.x());
        double y = screenY(i.y());
        double ri = radius(i) + (i.ring() ? 5 : 0);
        double lh = fontSize + 4;
        // one that must be drawn is drawn whole; the others may drop words from the end, or yield
        for (String text : force ? List.of(i.label()) : forms(i.label())) {
            double tw = width(text, f) + 6;
            LabelPlacer.Box under = new LabelPlacer.Box(x - tw / 2, y + ri + 2, x + tw / 2, y + ri + 2 + lh, i.id());
            LabelPlacer.Box over = new LabelPlacer.Box(x - tw / 2, y - ri - 2 - lh, x + tw / 2, y - ri - 2, i.id());
            // names sit under their node; one that must be drawn goes over it where the bottom is too near
            for (LabelPlacer.Box box : force ? new LabelPlacer.Box[] {under, over} : new LabelPlacer.Box[] {under}) {
                LabelPlacer.Box in = placer.inside(box);
                if (in.x0() <= x && in.x1() >= x && placer.fits(in)) { // still under (or over) its node
                    placer.hold(in);
                    text(g, drawn, i.id(), text, in, f, TEXT, force);
                    return text.equals(i.label());
                }
            }
        }
        if (!force) {
            return false;
        }
        // must be drawn: where it least disturbs, inside the canvas, cut only if wider than the canvas
        String text = i.label();
        double tw = width(text, f) + 6;
        if (tw > placer.width() - 2) {
            int chars = (int) Math.max(1, text.length() * (placer.width() - 2) / tw) - 1;
            text = LabelPlacer.cut(text, chars);
            tw = width(text, f) + 6;
        }
        LabelPlacer.Box below = placer.inside(new LabelPlacer.Box(x - tw / 2, y + ri + 2, x + tw / 2, y + ri + 2 + lh, i.id()));
        placer.hold(below);
        text(g, drawn, i.id(), text, below, f, TEXT, true);
        return text.equals(i.label());
    }

    private void sub(GraphicsContext g, LabelPlacer placer, List<DrawnText> drawn, Item i, Font small) {
        DrawnText name = null;
        for (int k = drawn.size() - 1; k >= 0; k--) {
            if (drawn.get(k).owner().equals(i.id())) {
                name = drawn.get(k);
                break;
            }
        }
        if (name == null) {
            return;
        }
        double x = screenX(i.x());
        double tw = width(i.sub(), small) + 6;
        double lh = fontSize * 0.85 + 4;
        boolean below = name.y0() > screenY(i.y());
        LabelPlacer.Box box = below
                ? new LabelPlacer.Box(x - tw / 2, name.y1() + 1, x + tw / 2, name.y1() + 1 + lh, i.id())
                : new LabelPlacer.Box(x - tw / 2, name.y0() - 1 - lh, x + tw / 2, name.y0() - 1, i.id());
        LabelPlacer.Box in = placer.inside(box);
        if (in.x0() <= x && in.x1() >= x && in.y0() == box.y0() && placer.place(in)) {
            text(g, drawn, i.id(), i.sub(), in, small, SUB, false);
        }
    }

    private void badge(GraphicsContext g, LabelPlacer placer, List<DrawnText> drawn, Item i, Font small, boolean force) {
        double x = screenX(i.x());
        double y = screenY(i.y());
        double ri = radius(i);
        double bw = width(i.badge(), small) + 8;
        double bh = fontSize * 0.85 + 5;
        LabelPlacer.Box right = new LabelPlacer.Box(x + ri * 0.6, y - ri - bh + 2, x + ri * 0.6 + bw, y - ri + 2, i.id());
        LabelPlacer.Box left = new LabelPlacer.Box(x - ri * 0.6 - bw, y - ri - bh + 2, x - ri * 0.6, y - ri + 2, i.id());
        LabelPlacer.Box beside = new LabelPlacer.Box(x + ri + 3, y - bh / 2, x + ri + 3 + bw, y + bh / 2, i.id());
        LabelPlacer.Box otherSide = new LabelPlacer.Box(x - ri - 3 - bw, y - bh / 2, x - ri - 3, y + bh / 2, i.id());
        LabelPlacer.Box above = new LabelPlacer.Box(x - bw / 2, y - ri - bh - 4, x + bw / 2, y - ri - 4, i.id());
        LabelPlacer.Box higherRight = new LabelPlacer.Box(x + 2, y - ri - 2 * bh, x + 2 + bw, y - ri - bh, i.id());
        LabelPlacer.Box higherLeft = new LabelPlacer.Box(x - 2 - bw, y - ri - 2 * bh, x - 2, y - ri - bh, i.id());
        LabelPlacer.Box at = null;
        for (LabelPlacer.Box b : new LabelPlacer.Box[] {right, left, beside, otherSide, above, higherRight, higherLeft}) {
            if (placer.fits(b)) {
                at = b;
                break;
            }
        }
        if (at == null) { // no room: the hop's line beside the table says it too
            return;
        }
        placer.hold(at);
        g.setFill(Color.web("#fff3bf"));
        g.fillRoundRect(at.x0(), at.y0(), at.width(), bh, 8, 8);
        g.setStroke(Color.web("#f08c00"));
        g.setLineWidth(1);
        g.strokeRoundRect(at.x0() + 0.5, at.y0() + 0.5, at.width() - 1, bh - 1, 8, 8);
        g.setFont(small);
        g.setFill(TEXT);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(i.badge(), at.x0() + 4, at.y0() + bh / 2);
        drawn.add(new DrawnText(i.id(), i.badge(), at.x0(), at.y0(), at.x1(), at.y0() + bh, force));
    }

    private void edgeLabel(GraphicsContext g, LabelPlacer placer, List<DrawnText> drawn, Link l, Font small, boolean force) {
        Item a = byId.get(l.from());
        Item b = byId.get(l.to());
        if (a == null || b == null || l.label() == null || l.label().isEmpty()) {
            return;
        }
        double ax = screenX(a.x());
        double ay = screenY(a.y());
        double bx = screenX(b.x());
        double by = screenY(b.y());
        double tw = width(l.label(), small) + 10;
        double lh = fontSize * 0.85 + 6;
        String owner = l.from() + ">" + l.to();
        LabelPlacer.Box at = null;
        // nearer the child, where fanned-out edges are far apart; one that must be drawn tries beside its edge too
        double[] along = force ? new double[] {0.5, 0.62, 0.38, 0.72, 0.28, 0.8, 0.2} : new double[] {0.72, 0.6};
        double[] aside = force ? new double[] {0, 1, -1, 2, -2} : new double[] {0};
        search:
        for (double side : aside) {
            for (double t : along) {
                double mx = ax + (bx - ax) * t + side * (tw / 2 + 4);
                double my = ay + (by - ay) * t;
                LabelPlacer.Box box = new LabelPlacer.Box(mx - tw / 2, my - lh / 2, mx + tw / 2, my + lh / 2, owner);
                if (placer.fits(box)) {
                    at = box;
                    break search;
                }
            }
        }
        if (at == null && force) { // farther around its edge's middle, nearest first; it points at its edge from there
            double best = Double.MAX_VALUE;
            for (double t : new double[] {0.5, 0.3, 0.7}) {
                double px = ax + (bx - ax) * t;
                double py = ay + (by - ay) * t;
                for (int k = -6; k <= 6; k++) {
                    for (int j = -3; j <= 3; j++) {
                        double mx = px + k * (tw / 2 + 2);
                        double my = py + j * (lh + 2);
                        double d = Math.hypot(mx - (ax + bx) / 2, my - (ay + by) / 2);
                        LabelPlacer.Box box = new LabelPlacer.Box(mx - tw / 2, my - lh / 2, mx + tw / 2, my + lh / 2, owner);
                        if (d < best && placer.fits(box)) {
                            best = d;
                            at = box;
                        }
                    }
                }
            }
        }
        if (at == null && force) {
            double mx = (ax + bx) / 2;
            double my = (ay + by) / 2;
            at = placer.inside(new LabelPlacer.Box(mx - tw / 2, my - lh / 2, mx + tw / 2, my + lh / 2, owner));
        }
        if (at == null) {
            return;
        }
        placer.hold(at);
        // a label pushed away from its edge by others points at it
        double px = ax + (bx - ax) * 0.5;
        double py = ay + (by - ay) * 0.5;
        double cx = (at.x0() + at.x1()) / 2;
        double cy = (at.y0() + at.y1()) / 2;
        if ((Math.abs(cx - px) > tw / 2 + 8 || Math.abs(cy - py) > lh + 4) && force) {
            double fx = ax + (bx - ax) * Math.max(0.15, Math.min(0.85, (cy - ay) / (by - ay == 0 ? 1 : by - ay)));
            double fy = ay + (by - ay) * Math.max(0.15, Math.min(0.85, (cy - ay) / (by - ay == 0 ? 1 : by - ay)));
            g.setStroke(HIGHLIGHT);
            g.setLineWidth(1);
            g.strokeLine(cx < fx ? at.x1() : at.x0(), cy, fx, fy);
        }
        g.setFill(Color.WHITE);
        g.fillRoundRect(at.x0(), at.y0(), at.width(), lh, 8, 8);
        g.setStroke(l.highlight() ? HIGHLIGHT : EDGE);
        g.setLineWidth(l.highlight() ? 1.5 : 1);
        g.strokeRoundRect(at.x0() + 0.5, at.y0() + 0.5, at.width() - 1, lh - 1, 8, 8);
        g.setFont(small);
        g.setFill(l.highlight() ? TEXT : SUB);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(l.label(), (at.x0() + at.x1()) / 2, (at.y0() + at.y1()) / 2);
        drawn.add(new DrawnText(owner, l.label(), at.x0(), at.y0(), at.x1(), at.y1(), force));
    }

    private void text(GraphicsContext g, List<DrawnText> drawn, String owner, String text, LabelPlacer.Box at, Font f,
                      Color colour, boolean forced) {
        g.setFill(Color.color(1, 1, 1, 0.85));
        g.fillRoundRect(at.x0(), at.y0(), at.width(), at.y1() - at.y0(), 6, 6);
        g.setFont(f);
        g.setFill(colour);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, (at.x0() + at.x1()) / 2, (at.y0() + at.y1()) / 2);
        drawn.add(new DrawnText(owner, text, at.x0(), at.y0(), at.x1(), at.y1(), forced));
    }

    private boolean visibleSegment(Item a, Item b, double w, double h) {
        double x1 = screenX(a.x());
        double x2 = screenX(b.x());
        double y1 = screenY(a.y());
        double y2 = screenY(b.y());
        return !(Math.max(x1, x2) < 0 || Math.min(x1, x2) > w || Math.max(y1, y2) < 0 || Math.min(y1, y2) > h);
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
