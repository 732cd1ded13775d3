package org.genet.app;

import java.util.List;
import javafx.animation.FadeTransition;
import javafx.animation.PauseTransition;
import javafx.animation.SequentialTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.genet.overlay.TreeSnapshot;

/**
 * The view for a talk, made for a projector at 1280x720 or 1920x1080 seen from the back of a room:
 * the whole tree with large labels that never collide (names yield row by row, never cut
 * mid-word), each node that joins drawn highlighted for a moment, the node count whole and
 * large, and the browser page's QR code that the audience scans to join. Full screen on the
 * display the app's window is on; Escape closes it, as a hint says for a few seconds.
 */
final class PresentationView {
    /** How long the hint "Escape closes the presentation" stays before it fades. */
    static final Duration HINT_SHOWN = Duration.seconds(4);
    static final Duration HINT_FADE = Duration.seconds(1);

    private final NodeModel model;
    private final TreeCanvas canvas = new TreeCanvas();
    private final Label count = new Label();
    private final Label countWord = new Label();
    private final Label title = new Label();
    private final Label scan = new Label("Scan to join the tree");
    private final ImageView qr = new ImageView();
    private final Label url = new Label();
    private final Label hint = new Label("Escape closes the presentation");
    private final VBox side;
    private final BorderPane root = new BorderPane();
    private final javafx.beans.value.ChangeListener<TreeSnapshot> onTree = (o, was, tree) -> show(tree);
    private final SequentialTransition hintFade;
    private int qrSize;

    PresentationView(NodeModel model) {
        this.model = model;
        canvas.setId("presentation-canvas");
        canvas.setHighlightNew(true);
        count.setId("presentation-count");
        countWord.setId("presentation-count-word");
        title.setId("presentation-title");
        qr.setId("presentation-qr");
        url.setId("presentation-url");
        hint.setId("presentation-hint");
        scan.setId("presentation-scan");
        for (Label l : List.of(count, countWord, title, scan, url, hint)) {
            l.setMinWidth(Region.USE_PREF_SIZE); // whole, never cut: the panel is sized to hold them
            l.setStyle("-fx-text-fill: #24292f;");
        }
        url.textProperty().bind(model.browserPageProperty());
        model.browserPageProperty().addListener((o, was, now) -> code());
        title.textProperty().bind(Bindings.createStringBinding(() -> model.treeNameProperty().get().isEmpty()
                ? "Genet" : model.treeNameProperty().get(), model.treeNameProperty()));
        Region gap = new Region();
        VBox.setVgrow(gap, Priority.ALWAYS);
        side = new VBox(count, countWord, gap, scan, qr, url, hint);
        side.setId("presentation-side");
        side.setAlignment(Pos.TOP_CENTER);
        BorderPane.setMargin(title, new Insets(12, 24, 0, 24));
        BorderPane center = new BorderPane(canvas);
        center.setTop(title);
        root.setCenter(center);
        root.setRight(side);
        root.setStyle("-fx-background-color: " + toWeb(TreeCanvas.BACKGROUND) + ";");
        side.setStyle("-fx-background-color: #f1f3f5;");
        root.widthProperty().addListener((o, was, w) -> size());
        root.heightProperty().addListener((o, was, h) -> size());
        model.treeProperty().addListener(onTree);
        PauseTransition wait = new PauseTransition(HINT_SHOWN);
        FadeTransition fade = new FadeTransition(HINT_FADE, hint);
        fade.setToValue(0);
        hintFade = new SequentialTransition(wait, fade);
        size();
        show(model.treeProperty().get());
    }

    /** Type, node and code sizes for the room: all of them follow the window's height. */
    private void size() {
        double w = Math.max(320, root.getWidth() > 0 ? root.getWidth() : 1280);
        double h = Math.max(240, root.getHeight() > 0 ? root.getHeight() : 720);
        double big = Math.round(Math.min(h * 0.15, w * 0.08));
        count.setStyle("-fx-text-fill: #24292f; -fx-font-weight: bold; -fx-font-size: " + big + "px;");
        double words = Math.round(Math.max(16, h * 0.036));
        for (Label l : List.of(countWord, scan, title)) {
            l.setStyle("-fx-text-fill: #24292f; -fx-font-size: " + words + "px;");
        }
        double small = Math.round(Math.max(13, h * 0.022));
        url.setStyle("-fx-text-fill: #24292f; -fx-font-size: " + small + "px;");
        hint.setStyle("-fx-text-fill: #5c636a; -fx-font-size: " + small + "px;");
        int size = (int) Math.round(Math.min(h * 0.42, w * 0.25));
        if (size != qrSize) {
            qrSize = size;
            code();
        }
        side.setPadding(new Insets(h * 0.04, w * 0.02, h * 0.03, w * 0.02));
        side.setSpacing(h * 0.012);
        side.setPrefWidth(Math.max(size + w * 0.04, w * 0.28));
        side.setMinWidth(Region.USE_PREF_SIZE);
        canvas.setScale(Math.round(Math.max(14, Math.min(30, h / 36))), Math.round(Math.max(10, Math.min(30, h / 34))));
    }

    private void code() {
        String page = model.browserPageProperty().get();
        qr.setImage(page.isEmpty() || qrSize <= 0 ? null : QrCode.of(page, qrSize));
        scan.setVisible(!page.isEmpty());
    }

    private static String toWeb(javafx.scene.paint.Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255));
    }

    private void show(TreeSnapshot tree) {
        TreeLayout.Laid laid = TreeLayout.layered(tree, model.nodeIdProperty().get());
        // for a room: names only (no second lines, no round-trip times); a joiner is "joining…"
        List<TreeCanvas.Item> items = laid.items().stream().map(i -> new TreeCanvas.Item(i.id(), i.x(), i.y(),
                i.shape() == TreeCanvas.Shape.CANDIDATE ? "joining…" : i.label(), null, null, i.fill(), i.shape(), i.large(),
                i.ring())).toList();
        List<TreeCanvas.Link> links = laid.links().stream()
                .map(l -> new TreeCanvas.Link(l.from(), l.to(), null, l.dashed())).toList();
        canvas.setContent(items, links);
        count.setText(String.format("%,d", laid.nodes()));
        countWord.setText(laid.nodes() == 1 ? "node in the tree" : "nodes in the tree");
    }

    BorderPane root() {
        return root;
    }

    TreeCanvas canvas() {
        return canvas;
    }

    Label hint() {
        return hint;
    }

    /**
     * The bounds of the screen a window is on (the one holding most of it; the primary one if it
     * is on none), so that the presentation goes full screen where the speaker put the app: on the
     * projector, not on the laptop's own display.
     */
    static Rectangle2D screenOf(Rectangle2D window, List<Rectangle2D> screens, Rectangle2D primary) {
        Rectangle2D best = primary;
        double most = 0;
        for (Rectangle2D s : screens) {
            double w = Math.min(window.getMaxX(), s.getMaxX()) - Math.max(window.getMinX(), s.getMinX());
            double h = Math.min(window.getMaxY(), s.getMaxY()) - Math.max(window.getMinY(), s.getMinY());
            double area = w > 0 && h > 0 ? w * h : 0;
            if (area > most) {
                most = area;
                best = s;
            }
        }
        return best;
    }

    /** Opens it in a window of its own, full screen on the display {@code owner} is on. */
    Stage open(Window owner) {
        Stage stage = new Stage();
        stage.setTitle("Genet — presentation");
        Rectangle2D screen = Screen.getPrimary().getBounds();
        if (owner != null) {
            screen = screenOf(new Rectangle2D(owner.getX(), owner.getY(), Math.max(1, owner.getWidth()), Math.max(1, owner.getHeight())),
                    Screen.getScreens().stream().map(Screen::getBounds).toList(), Screen.getPrimary().getBounds());
        }
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setScene(new Scene(root, screen.getWidth(), screen.getHeight()));
        stage.getScene().setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setOnHidden(e -> {
            model.treeProperty().removeListener(onTree);
            hintFade.stop();
        });
        // our own hint, where it covers nothing, fading after a few seconds; Escape closes rather than leaves full screen
        stage.setFullScreenExitHint("");
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.setFullScreen(true);
        stage.show();
        hintFade.playFromStart();
        return stage;
    }

    /** Starts the hint's fade as {@link #open} does (for views shown in another window). */
    void startHint() {
        hint.setOpacity(1);
        hintFade.playFromStart();
    }
}
