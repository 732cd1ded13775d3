package org.genet.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.genet.measure.Measures;
import org.genet.overlay.TreeSnapshot;

/**
 * What the whole-tree view costs, without a display (JavaFX's headless platform) and without a
 * network: trees of {@code nodes} nodes filled as Genet fills them ({@link SyntheticTree}) are
 * handed to the app's model through the controller's own hand-over ({@link NodeController#publishTree}),
 * as the root's aggregated tree is. Figures: the time to apply a whole new tree (layout and one
 * drawing, on the FX thread), the FX work per update and the frame interval while changes arrive
 * at a given rate, and the heap the views and the tree hold.
 */
public final class ViewBenchmark {
    private ViewBenchmark() {
    }

    public record Result(int nodes, int maxDegree, double applyMsP50, double applyMsP95, double layoutMsP50,
                         double drawMsP50, double renderMsP50, int changesPerSecond, int changesSent, int updatesApplied,
                         double updateMsP50, double updateMsP95, double updateMsMax,
                         double frameIntervalMsP50, double frameIntervalMsP95, double frameIntervalMsMax,
                         double heapMbWithTree, double heapMbEmpty, double rssMb) {
    }

    public static Result run(int nodes, int maxDegree, int changesPerSecond, int seconds, int runs) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        System.setProperty("headless.geometry", "3840x2160-32");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        NodeModel model = new NodeModel();
        List<Double> updateMs = new ArrayList<>();
        WholeTreeView[] view = new WholeTreeView[1];
        // the controller's hand-over to the FX thread, each hand-over timed with the drawing it causes
        NodeController controller = new NodeController(model, task -> Platform.runLater(() -> {
            long t0 = System.nanoTime();
            task.run();
            view[0].canvas().drawNow();
            updateMs.add((System.nanoTime() - t0) / 1e6);
        }), 30_000);
        Stage[] stage = new Stage[1];
        onFx(() -> {
            view[0] = new WholeTreeView(model);
            stage[0] = new Stage();
            stage[0].setScene(new Scene(view[0], 1400, 900));
            stage[0].show();
            return null;
        });
        try {
            double heapEmpty = heapMb();
            // 1. a whole new tree, each run a different one (after a few not counted, for the JIT)
            for (int r = 0; r < 5; r++) {
                TreeSnapshot warm = SyntheticTree.of(nodes, maxDegree, 1000 + r);
                onFx(() -> {
                    model.setTree(warm);
                    view[0].canvas().drawNow();
                    view[0].canvas().canvas().snapshot(null, null);
                    return null;
                });
            }
            double[] apply = new double[runs];
            double[] layout = new double[runs];
            double[] draw = new double[runs];
            double[] render = new double[runs];
            TreeSnapshot tree = null;
            for (int r = 0; r < runs; r++) {
                TreeSnapshot next = SyntheticTree.of(nodes, maxDegree, r + 1);
                int run = r;
                onFx(() -> {
                    long t0 = System.nanoTime();
                    TreeLayout.layered(next, null);
                    long t1 = System.nanoTime();
                    model.setTree(next);
                    long t2 = System.nanoTime();
                    view[0].canvas().drawNow();
                    long t3 = System.nanoTime();
                    // rasterising what was drawn (JavaFX does this on its render thread each frame)
                    view[0].canvas().canvas().snapshot(null, null);
                    render[run] = (System.nanoTime() - t3) / 1e6;
                    layout[run] = (t1 - t0) / 1e6;
                    apply[run] = (t3 - t1) / 1e6;
                    draw[run] = (t3 - t2) / 1e6;
                    return null;
                });
                tree = next;
            }
            double heapTree = heapMb();

            // 2. changes at a steady rate, through the controller, while frames are counted
            List<Long> pulses = new ArrayList<>();
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    pulses.add(System.nanoTime());
                }
            };
            onFx(() -> {
                updateMs.clear();
                timer.start();
                return null;
            });
            Random random = new Random(42);
            long period = 1_000_000_000L / changesPerSecond;
            long start = System.nanoTime();
            int sent = 0;
            AtomicReference<TreeSnapshot> current = new AtomicReference<>(tree);
            for (long at = start; at < start + seconds * 1_000_000_000L; at += period) {
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                current.set(change(current.get(), random));
                controller.publishTree(current.get());
                sent++;
            }
            Thread.sleep(200);
            List<Long> frames = onFx(() -> {
                timer.stop();
                return new ArrayList<>(pulses);
            });
            double[] intervals = new double[Math.max(0, frames.size() - 1)];
            for (int i = 1; i < frames.size(); i++) {
                intervals[i - 1] = (frames.get(i) - frames.get(i - 1)) / 1e6;
            }
            double[] updates = onFx(() -> updateMs.stream().mapToDouble(Double::doubleValue).toArray());
            Arrays.sort(apply);
            Arrays.sort(layout);
            Arrays.sort(draw);
            Arrays.sort(render);
            Arrays.sort(intervals);
            Arrays.sort(updates);
            return new Result(nodes, maxDegree, pct(apply, 50), pct(apply, 95), pct(layout, 50), pct(draw, 50), pct(render, 50),
                    changesPerSecond, sent, updates.length, pct(updates, 50), pct(updates, 95), pct(updates, 100),
                    pct(intervals, 50), pct(intervals, 95), pct(intervals, 100), heapTree, heapEmpty,
                    Measures.rss(ProcessHandle.current().pid()) / 1e6);
        } finally {
            onFx(() -> {
                stage[0].close();
                return null;
            });
            controller.close();
            Platform.exit();
        }
    }

    /** One change of the kind reports bring: a round-trip time, a candidate coming or going, a leaf joining or leaving. */
    private static TreeSnapshot change(TreeSnapshot tree, Random random) {
        Map<String, TreeSnapshot.NodeInfo> nodes = new LinkedHashMap<>(tree.nodes());
        List<String> ids = new ArrayList<>(nodes.keySet());
        TreeSnapshot.NodeInfo n = nodes.get(ids.get(1 + random.nextInt(ids.size() - 1)));
        switch (random.nextInt(3)) {
            case 0 -> nodes.put(n.id(), with(n, n.candidates(), 1 + random.nextDouble() * 30));
            case 1 -> nodes.put(n.id(), with(n, n.candidates().isEmpty() ? List.of(String.format("%06x", random.nextInt(1 << 24)))
                    : List.of(), n.rttMs()));
            default -> { // a leaf leaves, and another joins in its place
                if (n.children().isEmpty() && n.parentId() != null) {
                    nodes.put(n.id(), new TreeSnapshot.NodeInfo(n.id(), n.name(), n.impl(), n.maxDegree(), n.depth(),
                            n.parentId(), n.slot(), n.children(), n.candidates(), n.storedPerSlot(), random.nextDouble() * 30,
                            n.reports()));
                }
            }
        }
        return new TreeSnapshot(tree.topId(), nodes);
    }

    private static TreeSnapshot.NodeInfo with(TreeSnapshot.NodeInfo n, List<String> candidates, double rtt) {
        return new TreeSnapshot.NodeInfo(n.id(), n.name(), n.impl(), n.maxDegree(), n.depth(), n.parentId(), n.slot(),
                n.children(), candidates, n.storedPerSlot(), rtt, n.reports());
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, i))] * 100) / 100.0;
    }

    private static double heapMb() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return Math.round(heap.getUsed() / 1e5) / 10.0;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> task) throws Exception {
        return FxCalls.call(task, 60);
    }
}
