package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.genet.Await;
import org.genet.net.GenetNode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * Issue 21, item 5: the app's shutdown (its nodes, its server, WebRTC: up to a minute with demo
 * nodes) does not run on the FX thread; the window goes at once and the process waits for the rest.
 */
class AppShutdownTest extends AppTest {
    private GenetApp app;

    @Start
    void start(Stage stage) {
        app = new GenetApp();
        app.start(stage);
    }

    @Test
    void stoppingTheAppDoesNotWaitOnTheFxThreadForItsNodeToClose(FxRobot robot) throws Exception {
        int port = freePort();
        String address = "127.0.0.1:" + port;
        fx(() -> {
            robot.lookup("#address").queryAs(TextField.class).setText(address);
            return null;
        });
        robot.clickOn("#become-root");
        Await.until(() -> {
            try {
                return fx(() -> robot.lookup("#status-role").queryAs(Label.class).getText()).equals("Role: root");
            } catch (Exception e) {
                return false;
            }
        }, "the app is the root", 20);
        GenetNode node = app.controller().node();
        CountDownLatch busy = new CountDownLatch(1);
        node.loop().execute(() -> { // the node's loop is slow to answer, as under load
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long ms = fx(() -> {
            long start = System.nanoTime();
            app.stop();
            return (System.nanoTime() - start) / 1_000_000;
        });
        busy.countDown();
        assertThat(ms).as("ms the FX thread spent in stop()").isLessThan(1_000);
        GenetApp.awaitShutdown(30_000);
        assertThat(app.controller().node()).as("the node closed after the window").isNull();
        try (java.net.Socket probe = new java.net.Socket()) { // the app's server is gone too
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> probe.connect(
                    new java.net.InetSocketAddress("127.0.0.1", port), 500))).isNotNull();
        }
    }
}
