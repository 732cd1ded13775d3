package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.genet.Await;
import org.genet.ice.IceConfig;
import org.genet.overlay.TreeSnapshot;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The app across NATs: the control panel's Network section (remembered in a config folder of the
 * test's own, never the user's) reaches the next node, and relayed links are drawn apart from the
 * others, in the neighbourhood and in the whole tree, with the link named in a node's details.
 */
class GenetAppNetworkTest extends AppTest {
    private GenetApp app;
    private Path config;
    private String configBefore;

    @Start
    void start(Stage stage) throws Exception {
        config = Files.createTempDirectory("genet-app-network");
        configBefore = System.getProperty("genet.config.dir");
        System.setProperty("genet.config.dir", config.toString());
        app = new GenetApp();
        app.setLanAddress(org.genet.discovery.LanAddress.OFF);
        app.start(stage);
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            app.stop();
            return null;
        });
        if (configBefore == null) {
            System.clearProperty("genet.config.dir");
        } else {
            System.setProperty("genet.config.dir", configBefore);
        }
        try (var files = Files.walk(config)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void theNetworkSectionIsRememberedAndGivenToTheNextNode(FxRobot robot) throws Exception {
        fx(() -> {
            robot.lookup("#ice-servers").queryAs(TextField.class).setText("stun:127.0.0.1:3478 nonsense:x");
            return null;
        });
        Await.until(() -> {
            try {
                return fx(() -> robot.lookup("#network-note").queryAs(Label.class).getText()).contains("stun:, turn: or turns:");
            } catch (Exception e) {
                return false;
            }
        }, "a URL that is no ICE server's is said plainly", 5);
        fx(() -> {
            robot.lookup("#ice-servers").queryAs(TextField.class).setText("turn:127.0.0.1:3478");
            robot.lookup("#ice-username").queryAs(TextField.class).setText("user");
            robot.lookup("#ice-credential").queryAs(TextField.class).setText("pass");
            robot.lookup("#relay-only").queryAs(CheckBox.class).setSelected(true);
            return null;
        });
        Path file = config.resolve(NetworkSettings.FILE);
        Await.until(() -> NetworkSettings.load().equals(new NetworkSettings(List.of("turn:127.0.0.1:3478"), "user", "pass", true)),
                "the settings are remembered in the app's config folder", 5);
        assertThat(file).exists();

        int port = freePort();
        String address = "127.0.0.1:" + port;
        fx(() -> {
            robot.lookup("#address").queryAs(TextField.class).setText(address);
            app.controller().becomeRoot(address, "genet");
            return null;
        });
        Await.until(() -> app.controller().node() != null && app.controller().node().isRoot(), "the app is root", 20);
        IceConfig used = app.controller().node().iceConfig();
        assertThat(used.relayOnly()).isTrue();
        assertThat(used.servers()).extracting(s -> s.urls().get(0))
                .containsExactly("turn:127.0.0.1:3478"); // its embedded server's STUN is on this machine's loopback: left out
        assertThat(used.servers().get(0).username()).isEqualTo("user");
    }

    @Test
    void relayedLinksAreDrawnApartAndNamed() throws Exception {
        SortedMap<Integer, String> rootChildren = new TreeMap<>(Map.of(0, "222222", 1, "333333"));
        NodeInfo root = new NodeInfo("111111", "root", "app", 5, 0, null, -1, rootChildren, List.of(), new TreeMap<>(),
                Double.NaN, true, null);
        NodeInfo relayed = new NodeInfo("222222", "far", "java", 5, 1, "111111", 0, new TreeMap<>(), List.of(), new TreeMap<>(),
                42.0, true, "relay");
        NodeInfo nat = new NodeInfo("333333", "near", "browser", 5, 1, "111111", 1, new TreeMap<>(), List.of(), new TreeMap<>(),
                8.0, true, "nat");
        TreeSnapshot tree = new TreeSnapshot("111111", Map.of("111111", root, "222222", relayed, "333333", nat));
        TreeLayout.Laid whole = TreeLayout.layered(tree, "111111");
        TreeCanvas.Link toFar = whole.links().stream().filter(l -> l.to().equals("222222")).findFirst().orElseThrow();
        TreeCanvas.Link toNear = whole.links().stream().filter(l -> l.to().equals("333333")).findFirst().orElseThrow();
        assertThat(toFar.relayed()).isTrue();
        assertThat(toFar.label()).isEqualTo("42.0 ms · relay");
        assertThat(toNear.relayed()).isFalse();
        assertThat(toNear.label()).isEqualTo("8.0 ms · nat");
        assertThat(TreeLayout.edgeLabel("1.0 ms", "direct")).as("a direct link, the usual on a LAN, says only its time").isEqualTo("1.0 ms");

        Topology neighbourhood = new Topology(true, "up", "java", 30.0,
                List.of(new Topology.Child(0, "222222", 42.0, "relay"), new Topology.Child(1, "444444", 1.0, "direct")),
                List.of(), new TreeMap<>(), "relay");
        TreeLayout.Laid laid = TreeLayout.neighbourhood(neighbourhood, "me", "root", id -> null);
        assertThat(laid.links()).filteredOn(TreeCanvas.Link::relayed).extracting(TreeCanvas.Link::to)
                .containsExactlyInAnyOrder(TreeGraphView.SELF, "child-0");
        assertThat(TreeLayout.linkText("relay")).isEqualTo("relayed through TURN");
    }
}
