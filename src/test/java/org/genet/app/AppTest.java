package org.genet.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.genet.Await;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the app's tests share: real JavaFX scenes (TestFX, headless with Monocle), work run on the
 * FX thread ({@link #fx}), and the one primary stage that all test classes of a JVM share, which a
 * test takes back as it wants it ({@link #hideOtherWindows}, {@link #sizeStage}).
 */
@ExtendWith(ApplicationExtension.class)
abstract class AppTest {

    /** Runs {@code task} on the FX thread and returns what it returns. */
    static <T> T fx(Callable<T> task) throws Exception {
        return WaitForAsyncUtils.asyncFx(task).get();
    }

    /** Hides the windows that earlier test classes left open: they would sit over this one and take its clicks. */
    static void hideOtherWindows(Stage stage) {
        new ArrayList<>(Window.getWindows()).stream().filter(w -> w != stage).forEach(Window::hide);
    }

    /** The app started on the shared stage, with the windows of earlier test classes hidden. */
    static GenetApp startApp(Stage stage) {
        hideOtherWindows(stage);
        GenetApp app = new GenetApp();
        app.start(stage);
        return app;
    }

    /** The app started as by someone who was in {@code lastTree} before: the first screen offers it again. */
    static GenetApp startAppRemembering(Stage stage, RecentTree lastTree) {
        lastTree.save();
        return startApp(stage);
    }

    /** Gives the shared primary stage the app's usual size again: earlier test classes may have made it smaller. */
    static void sizeStage(Stage stage) {
        stage.setWidth(1100);
        stage.setHeight(720);
    }

    /** Runs {@code task}; what it throws comes out unchecked (for conditions awaited in lambdas). */
    static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to {@code seconds} until the text of the label that {@code query} finds passes {@code test}. */
    static void awaitLabel(FxRobot robot, String query, Predicate<String> test, String what, int seconds)
            throws InterruptedException {
        Await.until(() -> {
            try {
                return test.test(fx(() -> robot.lookup(query).queryAs(Label.class).getText()));
            } catch (Exception e) {
                return false;
            }
        }, what, seconds);
    }

    /** A TCP port free on this machine now, for a server the app is to start. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
