package org.genet.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where labels may go on a picture of a tree: a label takes a rectangle that no earlier label or
 * node disc holds and that lies inside the picture, or it is not drawn. Labels are offered in the
 * order of their importance (the path first, the root, then row by row), so that the less
 * important ones yield. A uniform grid keeps the checks cheap for thousands of labels. No toolkit:
 * the canvas and the PNG export both use it.
 */
final class LabelPlacer {
    /** A rectangle held by {@code owner} (a node's id, or an edge's). */
    record Box(double x0, double y0, double x1, double y1, String owner) {
        boolean overlaps(Box o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }

        double width() {
            return x1 - x0;
        }
    }

    private static final double CELL = 48;
    private final double width;
    private final double height;
    private final Map<Long, List<Box>> grid = new HashMap<>();

    LabelPlacer(double width, double height) {
        this.width = width;
        this.height = height;
    }

    /** Holds {@code box} whether or not it fits (node discs, labels that must be drawn). */
    void hold(Box box) {
        int cx0 = cell(box.x0());
        int cx1 = cell(box.x1());
        int cy0 = cell(box.y0());
        int cy1 = cell(box.y1());
        if ((long) (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 4096) { // a huge box: clamp to the picture
            cx0 = Math.max(cx0, cell(0));
            cx1 = Math.min(cx1, cell(width));
            cy0 = Math.max(cy0, cell(0));
            cy1 = Math.min(cy1, cell(height));
        }
        for (int cx = cx0; cx <= cx1; cx++) {
            for (int cy = cy0; cy <= cy1; cy++) {
                grid.computeIfAbsent(key(cx, cy), k -> new ArrayList<>(4)).add(box);
            }
        }
    }

    /** Whether {@code box} lies inside the picture and overlaps nothing held by another owner. */
    boolean fits(Box box) {
        if (box.x0() < 0 || box.y0() < 0 || box.x1() > width || box.y1() > height) {
            return false;
        }
        return free(box);
    }

    /** Whether {@code box} overlaps nothing held by another owner (wherever it lies). */
    boolean free(Box box) {
        for (int cx = cell(box.x0()); cx <= cell(box.x1()); cx++) {
            for (int cy = cell(box.y0()); cy <= cell(box.y1()); cy++) {
                List<Box> there = grid.get(key(cx, cy));
                if (there == null) {
                    continue;
                }
                for (Box b : there) {
                    if (!b.owner().equals(box.owner()) && b.overlaps(box)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Holds {@code box} if it fits; says whether it did. */
    boolean place(Box box) {
        if (!fits(box)) {
            return false;
        }
        hold(box);
        return true;
    }

    /** {@code box} moved sideways (and up, if it hangs below) as little as needed to lie inside the picture. */
    Box inside(Box box) {
        double dx = box.x0() < 1 ? 1 - box.x0() : box.x1() > width - 1 ? Math.max(1 - box.x0(), width - 1 - box.x1()) : 0;
        double dy = box.y1() > height - 1 ? Math.max(1 - box.y0(), height - 1 - box.y1()) : box.y0() < 1 ? 1 - box.y0() : 0;
        return new Box(box.x0() + dx, box.y0() + dy, box.x1() + dx, box.y1() + dy, box.owner());
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    private static int cell(double v) {
        return (int) Math.floor(Math.max(-1e6, Math.min(1e6, v)) / CELL);
    }

    private static long key(int cx, int cy) {
        return ((long) cx << 32) ^ (cy & 0xffffffffL);
    }

    /**
     * A label's shorter forms, longest first, each made of whole words: "Alice Martin Smith",
     * "Alice Martin…", "Alice…". A word is never cut (a one-word label has one form).
     */
    static List<String> forms(String label) {
        List<String> out = new ArrayList<>();
        if (label == null || label.isEmpty()) {
            return out;
        }
        out.add(label);
        String[] words = label.strip().split("\\s+");
        for (int k = words.length - 1; k >= 1; k--) {
            String head = String.join(" ", java.util.Arrays.copyOf(words, k));
            if (head.length() >= 5) { // "node…" or "demo…" would tell nothing
                out.add(head + "…");
            }
        }
        return out;
    }

    /** The last resort for a label that must be drawn and is wider than the picture: cut where it must. */
    static String cut(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, Math.max(1, chars - 1)) + "…";
    }
}
