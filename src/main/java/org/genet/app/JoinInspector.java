package org.genet.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.JoinRecord.Step;
import org.genet.overlay.TreeSnapshot;

/**
 * The join inspector: a table of join requests (joiner, start, hops, final parent, depth, time to
 * connect, outcome), filtered by all / stored / failed / slow; the request selected is drawn on the
 * whole tree from the top down to where it became a candidate, each hop's edge labelled with its
 * decision and hash arithmetic, and waits in stored slots as badges. Works alike on a live root's
 * records and on a recording. Only the FX thread uses it.
 */
public final class JoinInspector extends BorderPane {
    /** A request that took longer than this to connect counts as slow. */
    public static final long SLOW_MS = 2_000;
    static final Color PATH = Color.web("#d6336c");
    static final Color FADED = Color.web("#dee2e6");

    public enum Filter {
        ALL("all requests"), STORED("stored on the way"), FAILED("failed"), SLOW("slow (over 2 s)");

        private final String label;

        Filter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final ObservableList<JoinPath> rows = FXCollections.observableArrayList();
    private final FilteredList<JoinPath> filtered = new FilteredList<>(rows);
    private final SortedList<JoinPath> sorted = new SortedList<>(filtered);
    private final TableView<JoinPath> table = new TableView<>(sorted);
    private final ChoiceBox<Filter> filter = new ChoiceBox<>(FXCollections.observableArrayList(Filter.values()));
    private final Label summary = new Label();
    private final VBox hops = new VBox(4);
    private final TreeCanvas canvas = new TreeCanvas();
    private TreeSnapshot tree = TreeSnapshot.empty();
    private LongFunction<Long> startOf = origin -> -1L;
    private Map<String, Long> starts = new HashMap<>();
    private TreeLayout.Laid laid = new TreeLayout.Laid(List.of(), List.of(), List.of(), 0);

    public JoinInspector() {
        setId("join-inspector");
        table.setId("join-table");
        table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        canvas.setId("join-canvas");
        filter.setId("join-filter");
        hops.setId("join-hops");
        table.setPlaceholder(new Label("No join requests yet. The root holds the records of every join request it handled."));
        table.getColumns().add(column("Joiner", JoinPath::joinerLabel, t -> t));
        table.getColumns().add(column("Start", p -> {
            Long t = starts.get(p.origin());
            return t == null || t < 0 ? null : t;
        }, t -> String.format("%.1f s", t / 1000.0)));
        table.getColumns().add(column("Hops", p -> p.hops().size(), String::valueOf));
        table.getColumns().add(column("Final parent", p -> p.finalParent() == null ? null : label(p.finalParent()), t -> t));
        table.getColumns().add(column("Depth", p -> p.finalParent() == null ? null : p.depth(), String::valueOf));
        table.getColumns().add(column("Time to connect", p -> p.connectMs() < 0 ? null : p.connectMs(), t -> t + " ms"));
        table.getColumns().add(column("Outcome", p -> p.outcome().label(), t -> t));
        // columns as wide as their header and content (sized again as rows come); the table scrolls sideways if need be
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        filter.setValue(Filter.ALL);
        filter.valueProperty().addListener((o, was, f) -> applyFilter());
        table.getSelectionModel().selectedItemProperty().addListener((o, was, path) -> showPath(path));

        summary.setId("join-summary");
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 4, new Label("Show"), filter, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        hops.setPadding(new Insets(6));
        Label hint = new Label("Select a join request: its path is drawn on the tree.");
        hint.setId("join-hint");
        hops.getChildren().add(hint);
        javafx.scene.control.ScrollPane hopsScroll = new javafx.scene.control.ScrollPane(hops);
        hopsScroll.setFitToWidth(true);
        SplitPane left = new SplitPane(table, hopsScroll);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.6);
        List<Button> zoomButtons = canvas.zoomButtons("join");
        for (Button b : zoomButtons) {
            b.getStyleClass().add(atlantafx.base.theme.Styles.SMALL);
        }
        HBox zoom = new HBox(6, zoomButtons.toArray(Button[]::new));
        zoom.setPadding(new Insets(6));
        zoom.setAlignment(Pos.CENTER_LEFT);
        BorderPane drawing = new BorderPane(canvas);
        drawing.setTop(zoom);
        SplitPane split = new SplitPane(left, drawing);
        split.setDividerPositions(0.42);
        setTop(bar);
        setCenter(split);
    }

    /** A column of values of one kind, sorted by them (numbers as numbers), shown as {@code text} says. */
    private static <T extends Comparable<T>> TableColumn<JoinPath, T> column(String title,
            java.util.function.Function<JoinPath, T> value, java.util.function.Function<T, String> text) {
        TableColumn<JoinPath, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        });
        c.setComparator(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        c.setUserData(text);
        return c;
    }

    /**
     * Every column as wide as its header (with room for the sort arrow) and its widest text among
     * the rows, measured in the table's own font, so that nothing in it is cut.
     */
    @SuppressWarnings("unchecked")
    private void sizeColumns() {
        javafx.scene.text.Font font = javafx.scene.text.Font.getDefault();
        javafx.scene.text.Font headerFont = font;
        for (javafx.scene.Node n : table.lookupAll(".table-cell")) {
            if (n instanceof javafx.scene.control.Labeled l) {
                font = l.getFont();
                break;
            }
        }
        for (javafx.scene.Node n : table.lookupAll(".column-header .label")) {
            if (n instanceof javafx.scene.control.Labeled l) {
                headerFont = l.getFont();
                break;
            }
        }
        javafx.scene.text.Text measure = new javafx.scene.text.Text();
        for (TableColumn<JoinPath, ?> c : table.getColumns()) {
            measure.setFont(headerFont);
            measure.setText(c.getText());
            double header = measure.getLayoutBounds().getWidth() + 34; // padding and the sort arrow
            double widest = 0;
            measure.setFont(font);
            var text = (java.util.function.Function<Object, String>) c.getUserData();
            int n = 0;
            for (JoinPath p : rows) {
                Object v = c.getCellObservableValue(p).getValue();
                if (v != null) {
                    measure.setText(text.apply(v));
                    widest = Math.max(widest, measure.getLayoutBounds().getWidth());
                }
                if (++n >= 2_000) {
                    break; // enough to size it; a longer value further down is cut at worst
                }
            }
            double w = Math.ceil(Math.max(header, widest + 24));
            c.setMinWidth(header);
            c.setPrefWidth(w);
        }
    }

    /**
     * Shows {@code paths} on {@code tree}. {@code starts} maps an origin to when it reached the top,
     * in ms from the start (of the recording, or of the node); missing: unknown.
     */
    public void show(TreeSnapshot tree, List<JoinPath> paths, Map<String, Long> starts) {
        this.tree = tree;
        this.starts = new HashMap<>(starts);
        JoinPath selected = table.getSelectionModel().getSelectedItem();
        rows.setAll(paths);
        sizeColumns();
        laid = TreeLayout.layered(tree, null);
        String origin = selected == null ? null : selected.origin();
        JoinPath again = origin == null ? null : rows.stream().filter(p -> p.origin().equals(origin)).findFirst().orElse(null);
        applyFilter();
        if (again != null && filtered.contains(again)) {
            table.getSelectionModel().select(again);
        } else {
            showPath(null);
        }
        long connected = paths.stream().filter(p -> p.outcome() == JoinRecord.Outcome.CONNECTED).count();
        summary.setText(paths.size() + " join requests · " + connected + " connected · "
                + paths.stream().filter(JoinPath::failed).count() + " failed · "
                + paths.stream().filter(JoinPath::stored).count() + " stored on the way");
    }

    private void applyFilter() {
        Filter f = filter.getValue();
        filtered.setPredicate(p -> switch (f) {
            case ALL -> true;
            case STORED -> p.stored();
            case FAILED -> p.failed();
            case SLOW -> p.connectMs() > SLOW_MS || p.outcome() == JoinRecord.Outcome.PENDING;
        });
    }

    /** Selects the request of {@code origin}, as a click in the table would. */
    public void select(String origin) {
        filtered.stream().filter(p -> p.origin().equals(origin)).findFirst()
                .ifPresent(p -> table.getSelectionModel().select(p));
    }

    public TableView<JoinPath> table() {
        return table;
    }

    public ChoiceBox<Filter> filter() {
        return filter;
    }

    public TreeCanvas canvas() {
        return canvas;
    }

    /** The ids of the nodes drawn as the selected path, top first (empty if none). */
    public List<String> highlighted() {
        List<String> out = new ArrayList<>();
        for (TreeCanvas.Item i : canvas.items()) {
            if (PATH.equals(i.fill())) {
                out.add(i.id());
            }
        }
        return out;
    }

    /** The texts of the hops shown beside the table, top first. */
    public List<String> hopTexts() {
        return hops.getChildren().stream().filter(n -> n instanceof Label && n.getId() != null && n.getId().startsWith("join-hop-"))
                .map(n -> ((Label) n).getText()).toList();
    }

    private void showPath(JoinPath path) {
        hops.getChildren().clear();
        if (path == null) {
            Label hint = new Label("Select a join request: its path is drawn on the tree.");
            hint.setId("join-hint");
            hops.getChildren().add(hint);
            canvas.setContent(laid.items(), laid.links());
            return;
        }
        Label title = new Label(path.joinerLabel() + " · " + path.outcome().label()
                + (path.connectMs() >= 0 ? " after " + path.connectMs() + " ms" : ""));
        title.setStyle("-fx-font-weight: bold;");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        hops.getChildren().add(title);
        Map<String, String> edgeLabels = new HashMap<>();
        Map<String, String> badges = new HashMap<>();
        List<String> onPath = new ArrayList<>();
        for (int i = 0; i < path.hops().size(); i++) {
            JoinRecord hop = path.hops().get(i);
            onPath.add(hop.node());
            Label l = new Label((i + 1) + ". " + label(hop.node()) + " — " + JoinPath.decisions(hop, true));
            l.setId("join-hop-" + i);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            hops.getChildren().add(l);
            Step down = hop.handedDown();
            if (down != null && down.child() != null) {
                // short, so that it fits beside the edge; the hop's line beside the table has the whole arithmetic
                edgeLabels.put(hop.node() + ">" + down.child(), "mod " + hop.maxDegree() + " = " + down.hashSlot()
                        + (down.action() == JoinRecord.Action.REDIRECT ? " → slot " + down.slot() : ""));
            }
            long waited = hop.steps().stream().filter(s -> s.action() == JoinRecord.Action.STORE && s.waitedMs() >= 0)
                    .mapToLong(Step::waitedMs).sum();
            if (hop.stored()) {
                int slot = hop.steps().stream().filter(s -> s.action() == JoinRecord.Action.STORE).findFirst().get().slot();
                badges.put(hop.node(), "stored in slot " + slot + (waited > 0 ? " for " + waited + " ms" : ""));
            } else if (hop.becameCandidate()) {
                badges.put(hop.node(), "candidate");
            }
        }
        List<TreeCanvas.Item> items = new ArrayList<>();
        for (TreeCanvas.Item i : laid.items()) {
            boolean in = onPath.contains(i.id());
            // the path on top, always named; the rest faded, named where there is room
            items.add(new TreeCanvas.Item(i.id(), i.x(), i.y(), i.label(), in ? i.sub() : null,
                    in ? badges.getOrDefault(i.id(), i.badge()) : null, in ? PATH : FADED, i.shape(), i.large(), i.ring(), in));
        }
        List<TreeCanvas.Link> links = new ArrayList<>();
        for (TreeCanvas.Link k : laid.links()) {
            String text = edgeLabels.get(k.from() + ">" + k.to());
            boolean onIt = onPath.contains(k.from()) && onPath.contains(k.to())
                    && onPath.indexOf(k.to()) == onPath.indexOf(k.from()) + 1;
            links.add(new TreeCanvas.Link(k.from(), k.to(), text, text == null && k.dashed(), false, onIt));
        }
        canvas.setContent(items, links);
        String last = onPath.get(onPath.size() - 1);
        canvas.select(tree.node(last) != null ? last : null);
    }

    private String label(String id) {
        TreeSnapshot.NodeInfo n = tree.node(id);
        return n == null ? id : n.label();
    }
}
