package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.genet.Await;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.discovery.FoundTree;
import org.genet.net.GenetNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The app's first screen, in a real (headless) scene: what it says to do, joining a tree found on
 * the LAN with one click, a genet:// link, and the tree remembered from last time. The trees "found"
 * are handed to the list as the DNS-SD browser would (DNS-SD itself is tested in a network namespace,
 * {@code LanDiscoveryTest}); the joins are real, over WebRTC, to a real server and root.
 */
class FirstRunTest extends AppTest {
    static {
        System.setProperty("org.graphstream.ui", "javafx");
    }

    private GenetApp app;
    private Stage stage;
    private BootstrapServer server;
    private GenetNode root;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = startAppRemembering(stage, new RecentTree("127.0.0.1:1", "Remembered tree"));
        sizeStage(stage);
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            app.stop();
            return null;
        });
        if (root != null) {
            root.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String label(FxRobot robot, String id) throws Exception {
        return fx(() -> ((Label) find(id)).getText());
    }

    /** The node with this id in this test's own window (windows of earlier tests may hold the same ids). */
    private Node find(String id) {
        Node found = stage.getScene().lookup("#" + id);
        if (found == null) {
            throw new AssertionError("no #" + id + " in the app's window");
        }
        return found;
    }

    private boolean welcomeShown(FxRobot robot) throws Exception {
        return fx(() -> find("welcome").isVisible());
    }

    /** A real tree to join: a server on 127.0.0.1 and its root. Returns the server's port. */
    private int tree() throws Exception {
        server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("s").build());
        int port = server.startAndWait();
        root = GenetNode.connect(java.net.URI.create("ws://127.0.0.1:" + port), 4, 30_000);
        root.becomeRoot("s");
        Await.until(() -> server.status().rootConnected(), "the root is connected", 20);
        return port;
    }

    private void awaitRole(NodeModel.Role role) throws InterruptedException {
        Await.until(() -> call(() -> fx(() -> app.model().roleProperty().get())) == role, "the app is " + role
                + " (it is " + call(() -> fx(() -> app.model().roleProperty().get() + ": " + app.model().messageProperty().get())) + ")", 30);
    }

    @Test
    void theEmptyWindowSaysWhatToDoAndStartingATreeHidesIt(FxRobot robot) throws Exception {
        assertThat(welcomeShown(robot)).isTrue();
        String all = fx(() -> texts(find("welcome")));
        assertThat(all).contains("You are not in a tree yet", "Start a tree", "Join a tree on the LAN",
                "Finding trees on the LAN is off.", "genet://HOST:PORT");
        assertThat(label(robot, "welcome-last")).isEqualTo("Last time: Remembered tree (127.0.0.1:1)");
        assertThat(fx(() -> ((TextField) find("address")).getText())).isEqualTo("127.0.0.1:1");

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int free = port;
        fx(() -> {
            ((TextField) find("address")).setText("127.0.0.1:" + free);
            return null;
        });
        robot.clickOn(fx(() -> find("welcome-start")));
        awaitRole(NodeModel.Role.ROOT);
        assertThat(welcomeShown(robot)).isFalse();
        assertThat(RecentTree.load()).get().extracting(RecentTree::address).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void aTreeFoundOnTheLanIsJoinedWithOneClickAndRemembered(FxRobot robot) throws Exception {
        int port = tree();
        fx(() -> {
            app.lan().show(List.of(new FoundTree("Test tree", "127.0.0.1", port, 1, true)));
            return null;
        });
        assertThat(label(robot, "lan-status")).isEqualTo("1 tree on the LAN:");
        // the list draws its cells on its next layout pass
        Await.until(() -> call(() -> fx(() -> texts(find("lan-trees"))))
                .contains("Test tree  (127.0.0.1:" + port + ", 1 node)"), "the list shows the tree found", 10);
        robot.clickOn(fx(() -> find("lan-join")));
        awaitRole(NodeModel.Role.MEMBER);
        Await.until(() -> root.childrenNb() == 1, "the root has the app as its child", 20);
        assertThat(welcomeShown(robot)).isFalse();
        assertThat(RecentTree.load()).contains(new RecentTree("127.0.0.1:" + port, "Test tree"));
    }

    @Test
    void aGenetLinkJoinsAtOnceAndABadOneIsSaidPlainly(FxRobot robot) throws Exception {
        fx(() -> {
            app.openLink("genet://127.0.0.1:5000/page");
            return null;
        });
        assertThat(label(robot, "message")).isEqualTo(
                "Cannot open the link: not a genet link: \"genet://127.0.0.1:5000/page\"; expected genet://HOST:PORT.");
        assertThat(fx(() -> app.model().roleProperty().get())).isEqualTo(NodeModel.Role.IDLE);

        int port = tree();
        fx(() -> {
            app.openLink("genet://127.0.0.1:" + port);
            return null;
        });
        awaitRole(NodeModel.Role.MEMBER);
        assertThat(fx(() -> ((TextField) find("address")).getText())).isEqualTo("127.0.0.1:" + port);
    }

    /** Every text shown under a node: labels, buttons, list cells. */
    private static String texts(Node node) {
        StringBuilder all = new StringBuilder();
        if (node instanceof javafx.scene.control.Labeled l && l.getText() != null) {
            all.append(l.getText()).append('\n');
        }
        if (node instanceof javafx.scene.Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                all.append(texts(child));
            }
        }
        return all.toString();
    }
}
