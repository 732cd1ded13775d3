package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.genet.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app's start-up trace in a real (headless) scene: its steps come in the order the app reaches them, and the
 * window shows (and has its first frame) before the work that waits for it runs. No wall-clock time is asserted:
 * the figures come from {@code scripts/bench-startup.sh}.
 */
@ExtendWith(ApplicationExtension.class)
class StartupTraceTest {
    private GenetApp app;
    /** What the tabs behind the first held when {@code start} returned (the window shown). */
    private final List<Object> laterTabsAtShow = new ArrayList<>();

    @Start
    void start(Stage stage) {
        StartupTrace.reset();
        app = new GenetApp();
        app.setLanAddress("off");
        app.start(stage);
        TabPane tabs = (TabPane) stage.getScene().lookup(".tab-pane");
        laterTabsAtShow.add(tabs.getTabs().get(1).getContent());
        laterTabsAtShow.add(tabs.getTabs().get(2).getContent());
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            app.stop();
            return null;
        });
    }

    private static <T> T fx(Callable<T> task) throws Exception {
        return WaitForAsyncUtils.asyncFx(task).get();
    }

    @Test
    void theWindowShowsAndHasItsFirstFrameBeforeTheDeferredWorkRuns() throws Exception {
        Await.until(() -> StartupTrace.steps().containsKey(StartupTrace.DEFERRED_DONE), "the deferred work done", 20);
        Map<String, Long> steps = StartupTrace.steps();
        assertThat(steps.keySet()).containsExactly(StartupTrace.APP_START, StartupTrace.SCENE_BUILT, StartupTrace.SHOWN,
                StartupTrace.FIRST_FRAME, StartupTrace.DEFERRED, StartupTrace.DEFERRED_DONE);
        assertThat(new ArrayList<>(steps.values())).as(steps.toString()).isSorted();
        // shown without what waits: the tabs behind the first were empty then, and are filled now
        assertThat(laterTabsAtShow).containsOnlyNulls().hasSize(2);
        TabPane tabs = fx(() -> (TabPane) app.graphView().getScene().lookup(".tab-pane"));
        assertThat(fx(() -> tabs.getTabs().get(2).getContent())).isSameAs(app.joinsTab());
        assertThat(fx(() -> tabs.getTabs().get(1).getContent())).isNotNull();
    }

    @Test
    void theLineGivesEveryStepInMsFromTheLaunch() throws Exception {
        Await.until(() -> StartupTrace.steps().containsKey(StartupTrace.DEFERRED_DONE), "the deferred work done", 20);
        String json = StartupTrace.json();
        assertThat(json).startsWith("{\"launch\":0,").endsWith("}");
        long launch = StartupTrace.launched();
        for (Map.Entry<String, Long> step : StartupTrace.steps().entrySet()) {
            assertThat(json).contains("\"" + step.getKey() + "\":" + (step.getValue() - launch));
        }
        assertThat(StartupTrace.steps().get(StartupTrace.APP_START)).isGreaterThanOrEqualTo(launch);
    }

    @Test
    void aStepReachedAgainKeepsItsFirstTime() throws Exception {
        Await.until(() -> StartupTrace.steps().containsKey(StartupTrace.DEFERRED_DONE), "the deferred work done", 20);
        Map<String, Long> before = StartupTrace.steps();
        StartupTrace.mark(StartupTrace.SHOWN);
        assertThat(StartupTrace.steps()).isEqualTo(before);
    }
}
