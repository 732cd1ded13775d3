package org.genet.app;

import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.genet.discovery.LanAddress;
import org.genet.discovery.Links;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app: one window with the live view of this node's neighbourhood, a control panel,
 * the event log and a status bar. It runs a full node; the views observe a {@link NodeModel},
 * the buttons call a {@link NodeController}.
 */
public final class GenetApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(GenetApp.class);
    /** Held: a logger nobody holds forgets its level. */
    private static final java.util.logging.Logger CONTROLS_LOG = java.util.logging.Logger.getLogger("javafx.scene.control");
    static final String DEFAULT_ADDRESS = "localhost:5000";
    static final String DEFAULT_SECRET = "genet";
    static final String ALL_EVENTS = "all events";

    static {
        // The theme, before any control exists: the first control made (this app's text fields, made with it) sets
        // JavaFX's own stylesheet (Modena) unless one is set, and reading Modena only to drop it for this one cost
        // about a tenth of the time before the window showed. The class is made on the FX thread by the launch.
        if (javafx.application.Platform.isFxApplicationThread()) { // elsewhere (before JavaFX's start) start() does it
            useTheme();
        }
    }

    /** Makes AtlantaFX's Primer Light the stylesheet of every window (again: nothing happens if it is already). */
    static void useTheme() {
        String theme = new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet();
        if (!theme.equals(Application.getUserAgentStylesheet())) {
            Application.setUserAgentStylesheet(theme);
        }
    }

    private NodeModel model;
    private NodeController controller;
    private TreeGraphView graphView;
    private WholeTreeView treeView;
    private javafx.scene.control.TabPane views;
    private DemoPanel demoPanel;
    private JoinsTab joinsTab;
    private Stage presentation;

    private Lan lan;
    private String lanSetting = LanAddress.fromEnvironment();
    private final TextField address = new TextField(DEFAULT_ADDRESS);
    private final TextField secret = new TextField(DEFAULT_SECRET);

    /** Where to find trees and announce this app's: auto, off, or an address (before {@link #start}). */
    void setLanAddress(String setting) {
        lanSetting = setting;
    }

    @Override
    public void start(Stage stage) {
        StartupTrace.mark(StartupTrace.APP_START);
        java.util.logging.Logger.getLogger("javafx").setLevel(null); // JavaFX has started: its warnings show again
        // but not the controls' diagnostics ("index exceeds maxCellCount", INFO): they tell a user nothing
        CONTROLS_LOG.setLevel(java.util.logging.Level.WARNING);
        useTheme(); // where another app of this JVM set another one (tests)
        LaunchArguments arguments = LaunchArguments.of(getParameters());
        if (arguments.lanAddress() != null) {
            lanSetting = arguments.lanAddress();
        }
        model = new NodeModel();
        controller = new NodeController(model);
        try {
            lan = Lan.of(lanSetting, javafx.application.Platform::runLater);
        } catch (IllegalArgumentException e) {
            lan = Lan.off(javafx.application.Platform::runLater);
            model.setMessage("--lan-address: " + e.getMessage());
        }
        controller.useLan(lan);
        afterFirstFrame.add(lan::startBrowsing); // JmDNS starting (threads, sockets, classes) slowed the first frame
        RecentTree.load().ifPresent(r -> address.setText(r.address()));
        stage.titleProperty().bind(Bindings.createStringBinding(model::title, model.nameProperty(),
                model.nodeIdProperty(), model.roleProperty()));
        try (var icon = GenetApp.class.getResourceAsStream("/icon.png")) {
            if (icon != null) {
                stage.getIcons().add(new javafx.scene.image.Image(icon));
            }
        } catch (java.io.IOException e) {
            log.debug("no window icon: {}", e.toString());
        }
        Scene scene = new Scene(build(), 1100, 720);
        StartupTrace.mark(StartupTrace.SCENE_BUILT);
        // Ctrl+Q (Cmd+Q on macOS) quits, as in other desktop apps
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.Q,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), javafx.application.Platform::exit);
        stage.setScene(scene);
        runAfterFirstFrame(scene);
        stage.show();
        StartupTrace.mark(StartupTrace.SHOWN);
        arguments.link().ifPresent(this::openLink);
        String replay = getParameters() == null ? null : getParameters().getNamed().get("replay");
        if (replay != null) {
            openRecording(java.nio.file.Path.of(replay));
        }
    }

    /** The whole window's content. */
    BorderPane build() {
        graphView = new TreeGraphView(model);
        treeView = new WholeTreeView(model);
        // the first screen (what to do, trees on the LAN) covers the empty neighbourhood
        StackPane graphArea = new StackPane(graphView, new WelcomePane(model, lan != null ? lan : Lan.off(Runnable::run),
                controller, () -> controller.becomeRoot(address.getText(), secret.getText()), RecentTree.load()));
        graphArea.setMinHeight(0);
        javafx.scene.control.Tab neighbourhood = new javafx.scene.control.Tab("This node", graphArea);
        neighbourhood.setId("tab-neighbourhood");
        javafx.scene.control.Tab whole = new javafx.scene.control.Tab("Whole tree");
        whole.setId("tab-tree");
        joinsTab = new JoinsTab(model, controller);
        javafx.scene.control.Tab joins = new javafx.scene.control.Tab("Joins");
        joins.setId("tab-joins");
        views = new javafx.scene.control.TabPane(neighbourhood, whole, joins);
        // The tabs behind the first get their content once the window shows (or when picked before): styling and
        // skinning their controls was a third of the work before the first frame. Their views exist and follow the
        // model from the start; only their place in the scene (and demo mode's buttons) comes later.
        deferContent(whole, () -> {
            demoPanel = new DemoPanel(model, controller, this::openPresentation); // reads the demo nodes when shown
            return new BorderPane(treeView, demoPanel, null, null, null);
        });
        deferContent(joins, () -> joinsTab);
        views.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox log = eventLog();
        SplitPane center = new SplitPane(views, log);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.78);
        // a smaller window takes its height from the views, not from the log (the user can still drag the divider)
        SplitPane.setResizableWithParent(log, false);
        // the inspector is a tool of its own, with its own records: it takes the log's room while it is shown
        views.getSelectionModel().selectedItemProperty().addListener((o, was, tab) -> {
            double[] at = center.getDividerPositions();
            if (tab == joins) {
                logDivider = at.length > 0 ? at[0] : logDivider;
                center.getItems().remove(log);
            } else if (!center.getItems().contains(log)) {
                center.getItems().add(log);
                center.setDividerPositions(logDivider);
            }
        });
        BorderPane root = new BorderPane(center);
        javafx.scene.control.ScrollPane left = new javafx.scene.control.ScrollPane(controls());
        left.setFitToWidth(true);
        left.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        left.setMinWidth(270);
        root.setLeft(left);
        root.setBottom(statusBar());
        return root;
    }

    /** Where the log's divider was before the Joins tab took its room. */
    private double logDivider = 0.78;

    /** What waits for the window's first frame, in order. */
    private final java.util.List<Runnable> afterFirstFrame = new java.util.ArrayList<>();

    /** Gives {@code tab} its content when it is selected or after the first frame, whichever is first. */
    private void deferContent(javafx.scene.control.Tab tab, java.util.function.Supplier<javafx.scene.Node> content) {
        Runnable attach = () -> {
            if (tab.getContent() == null) {
                tab.setContent(content.get());
            }
        };
        afterFirstFrame.add(attach);
        tab.selectedProperty().addListener((o, was, selected) -> {
            if (selected) {
                attach.run();
            }
        });
    }

    /** Runs {@link #afterFirstFrame} once {@code scene} has had its first frame, one task per turn of the FX thread. */
    private void runAfterFirstFrame(Scene scene) {
        Runnable[] afterFirstLayout = new Runnable[1];
        afterFirstLayout[0] = () -> {
            scene.removePostLayoutPulseListener(afterFirstLayout[0]);
            // after this pulse, whose frame goes to the renderer: one task per turn of the FX thread
            javafx.application.Platform.runLater(() -> StartupTrace.mark(StartupTrace.FIRST_FRAME));
            javafx.application.Platform.runLater(() -> StartupTrace.mark(StartupTrace.DEFERRED));
            for (Runnable task : afterFirstFrame) {
                javafx.application.Platform.runLater(task);
            }
            javafx.application.Platform.runLater(() -> {
                StartupTrace.mark(StartupTrace.DEFERRED_DONE);
                if (StartupTrace.enabled()) { // JMX (the JVM's start time) off the FX thread
                    Thread t = new Thread(StartupTrace::printIfEnabled, "startup-trace");
                    t.setDaemon(true);
                    t.start();
                }
            });
        };
        scene.addPostLayoutPulseListener(afterFirstLayout[0]);
    }

    private VBox controls() {
        TextField name = new TextField();
        name.setId("name");
        name.setPromptText("how others see this node");
        // a name is at most what hellos and reports carry: longer text is not taken
        name.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change -> {
            int over = change.getControlNewText().length() - NodeController.MAX_NAME;
            if (over > 0 && change.isAdded()) { // what is typed or pasted is cut to fit
                String added = change.getText();
                change.setText(added.substring(0, Math.max(0, added.length() - over)));
                change.setCaretPosition(change.getRangeStart() + change.getText().length());
                change.setAnchor(change.getCaretPosition());
                model.setMessage("A name is at most " + NodeController.MAX_NAME + " characters.");
            }
            return change;
        }));
        name.textProperty().addListener((o, was, text) -> controller.setName(text));
        address.setId("address");
        secret.setId("secret");
        Button becomeRoot = button("become-root", "Become root", () -> controller.becomeRoot(address.getText(), secret.getText()));
        Button join = button("join", "Join", () -> controller.join(address.getText(), address.getText(), secret.getText()));
        Button leave = button("leave", "Leave", controller::leave);
        var role = model.roleProperty();
        var idle = Bindings.createBooleanBinding(() -> role.get() == NodeModel.Role.IDLE, role);
        becomeRoot.disableProperty().bind(idle.not());
        join.disableProperty().bind(idle.not());
        leave.disableProperty().bind(idle);

        Spinner<Integer> maxDegree = new Spinner<>(1, NodeController.MAX_DEGREE, model.maxDegreeProperty().get());
        maxDegree.setId("max-degree");
        maxDegree.setEditable(true);
        maxDegree.setPrefWidth(100);
        maxDegree.valueProperty().addListener((o, was, value) -> {
            // the spinner holds a typed value out of its range for a moment, then clamps it: only the clamped one counts
            if (value == null) {
                return;
            }
            if (value > NodeController.MAX_DEGREE || value < 1) {
                model.setMessage("maxDegree is 1 to " + NodeController.MAX_DEGREE + ": " + value + " is taken as "
                        + Math.max(1, Math.min(NodeController.MAX_DEGREE, value)) + ".");
                return;
            }
            controller.setMaxDegree(value);
        });
        model.maxDegreeProperty().addListener((o, was, value) -> {
            int v = value.intValue();
            if (v >= 1 && v <= NodeController.MAX_DEGREE && !Integer.valueOf(v).equals(maxDegree.getValue())) {
                maxDegree.getValueFactory().setValue(v);
            }
        });

        ComboBox<NodeController.PingTarget> target = new ComboBox<>();
        target.getItems().setAll(NodeController.PingTarget.values());
        target.setValue(NodeController.PingTarget.ALL);
        target.setId("ping-target");
        Button ping = button("ping", "Ping", () -> controller.ping(target.getValue()));
        ping.disableProperty().bind(idle);

        Label message = new Label();
        message.setId("message");
        message.setWrapText(true);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped whole, not cut short
        message.textProperty().bind(model.messageProperty());
        Label bootstrap = new Label();
        bootstrap.setId("bootstrap");
        bootstrap.setWrapText(true);
        bootstrap.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped whole, not cut short
        bootstrap.textProperty().bind(model.bootstrapProperty());

        javafx.scene.control.Hyperlink page = new javafx.scene.control.Hyperlink();
        page.setId("browser-page");
        page.textProperty().bind(model.browserPageProperty());
        page.setOnAction(e -> getHostServices().showDocument(page.getText()));
        javafx.scene.image.ImageView qr = new javafx.scene.image.ImageView();
        qr.setId("qr-code");
        model.browserPageProperty().addListener((o, was, url) -> qr.setImage(url.isEmpty() ? null : QrCode.of(url, 170)));
        Label audience = new Label("Phones join with this code:");
        audience.setId("audience");
        audience.setWrapText(true);
        audience.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        // the audience's code comes right under the commands: above the fold of the smallest window
        VBox share = new VBox(2, audience, qr, page);
        share.visibleProperty().bind(model.browserPageProperty().isNotEmpty());
        share.managedProperty().bind(share.visibleProperty());

        HBox commands = new HBox(6, becomeRoot, join, leave);
        for (Button b : java.util.List.of(becomeRoot, join, leave, ping)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        HBox degreeRow = new HBox(8, new Label("maxDegree"), maxDegree);
        degreeRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox pingRow = new HBox(8, target, ping);
        pingRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(6,
                new Label("Name"), name,
                new Label("Bootstrap server (host:port)"), address,
                new Label("Secret (for the root)"), secret,
                commands, message, share,
                new Separator(),
                degreeRow, new Label("Ping"), pingRow,
                new Separator(),
                bootstrap,
                new Separator(),
                new NetworkPanel(controller, NetworkSettings.load()));
        box.setPadding(new Insets(10, 12, 10, 12));
        box.setPrefWidth(290);
        return box;
    }

    private VBox eventLog() {
        ComboBox<String> kind = new ComboBox<>();
        kind.setId("log-filter");
        kind.getItems().setAll(ALL_EVENTS);
        kind.setValue(ALL_EVENTS);
        // the filter offers every kind the log has shown so far
        model.log().addListener((javafx.collections.ListChangeListener<NodeModel.LogEntry>) c -> {
            while (c.next()) {
                for (NodeModel.LogEntry e : c.getAddedSubList()) {
                    java.util.List<String> kinds = kind.getItems();
                    if (!kinds.contains(e.kind())) { // kept in order after "all events"
                        int at = 1;
                        while (at < kinds.size() && kinds.get(at).compareTo(e.kind()) < 0) {
                            at++;
                        }
                        kinds.add(at, e.kind());
                    }
                }
            }
        });
        FilteredList<NodeModel.LogEntry> shown = new FilteredList<>(model.log());
        kind.valueProperty().addListener((o, was, value) ->
                shown.setPredicate(e -> value == null || value.equals(ALL_EVENTS) || e.kind().equals(value)));
        ListView<NodeModel.LogEntry> list = new ListView<>(shown);
        list.setId("event-log");
        list.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        // a new line shows, unless the user scrolled up to read older ones
        shown.addListener((javafx.collections.ListChangeListener<NodeModel.LogEntry>) c -> {
            if (followsLog(list, shown.size())) {
                // once the list knows its new length (else the scroll stops a line short, under the bottom edge)
                javafx.application.Platform.runLater(() -> {
                    list.layout();
                    var flow = (javafx.scene.control.skin.VirtualFlow<?>) list.lookup(".virtual-flow");
                    if (flow != null && !shown.isEmpty()) {
                        flow.scrollTo(shown.size() - 1); // the line whole, at the bottom
                    }
                });
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(6, new HBox(8, new Label("Event log"), kind), list);
        box.setPadding(new Insets(6));
        return box;
    }

    /** Whether the log showed its last lines before this change (or shows no line at all yet). */
    private static boolean followsLog(ListView<?> list, int size) {
        var flow = (javafx.scene.control.skin.VirtualFlow<?>) list.lookup(".virtual-flow");
        if (flow == null || flow.getCellCount() == 0) {
            return true;
        }
        var last = flow.getLastVisibleCell();
        return last == null || last.getIndex() >= flow.getCellCount() - 3 || last.getIndex() >= size - 3;
    }

    private javafx.scene.layout.FlowPane statusBar() {
        Label role = new Label();
        role.setId("status-role");
        role.textProperty().bind(Bindings.createStringBinding(() -> "Role: " + model.roleProperty().get().label(),
                model.roleProperty()));
        Label id = new Label();
        id.setId("status-id");
        id.textProperty().bind(Bindings.createStringBinding(() -> "Node " + model.selfLabel(), model.nodeIdProperty(),
                model.nameProperty()));
        Label children = new Label();
        children.setId("status-children");
        children.textProperty().bind(Bindings.createStringBinding(() -> "Children " + model.topologyProperty().get().children().size()
                + "/" + model.maxDegreeProperty().get(), model.topologyProperty(), model.maxDegreeProperty()));
        Label candidates = new Label();
        candidates.setId("status-candidates");
        candidates.textProperty().bind(Bindings.createStringBinding(() -> "Candidates " + model.topologyProperty().get().candidates().size(),
                model.topologyProperty()));
        Label connection = new Label();
        connection.setId("status-connection");
        connection.textProperty().bind(model.connectionProperty());
        // wraps rather than cut (a long name takes a line of its own)
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(20, 2, role, id, children, candidates, connection);
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.setStyle("-fx-background-color: #eef1f4;");
        return bar;
    }

    private static Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Opens a genet://HOST:PORT link: joins that tree at once (FX thread). */
    void openLink(String link) {
        try {
            String server = Links.address(link);
            address.setText(server);
            controller.join(server);
        } catch (IllegalArgumentException e) {
            model.setMessage("Cannot open the link: " + e.getMessage() + ".");
        }
    }

    Lan lan() {
        return lan;
    }

    NodeModel model() {
        return model;
    }

    NodeController controller() {
        return controller;
    }

    TreeGraphView graphView() {
        return graphView;
    }

    WholeTreeView treeView() {
        return treeView;
    }

    /** Shows the whole-tree tab (true) or this node's neighbourhood. */
    void showWholeTree(boolean whole) {
        views.getSelectionModel().select(whole ? 1 : 0);
    }

    /** Opens the presentation view (full screen), or brings it to the front. */
    void openPresentation() {
        if (presentation != null && presentation.isShowing()) {
            presentation.toFront();
            return;
        }
        presentation = new PresentationView(model).open(views.getScene() == null ? null : views.getScene().getWindow());
    }

    Stage presentation() {
        return presentation;
    }

    /** Replays a recording in the Joins tab (genet replay FILE). */
    void openRecording(java.nio.file.Path file) {
        try {
            joinsTab.openRecording(file);
            views.getSelectionModel().select(views.getTabs().size() - 1);
        } catch (java.io.IOException e) {
            log.error("cannot open the recording {}: {}", file, e.getMessage());
        }
    }

    JoinsTab joinsTab() {
        return joinsTab;
    }

    /** Shows the Joins tab (the inspector). */
    void openJoins() {
        views.getSelectionModel().select(views.getTabs().size() - 1);
    }

    @Override
    public void stop() {
        if (joinsTab != null) {
            joinsTab.stop();
        }
        if (presentation != null) {
            presentation.close();
        }
        if (demoPanel != null) {
            demoPanel.stop();
        }
        if (graphView != null) {
            graphView.close();
        }
        if (controller != null) {
            // The nodes, the embedded server and WebRTC close on a thread of their own (demo nodes
            // can take a minute): the window goes at once. The process waits for it before it exits.
            NodeController closing = controller;
            Thread t = new Thread(closing::close, "app-shutdown");
            shutdown = t;
            t.start();
        }
    }

    /** The close that {@link #stop()} started. */
    private static volatile Thread shutdown;

    /** Waits at most {@code ms} for the close that {@link #stop()} started: the process must not exit before it. */
    public static void awaitShutdown(long ms) {
        Thread t = shutdown;
        if (t != null) {
            try {
                t.join(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
