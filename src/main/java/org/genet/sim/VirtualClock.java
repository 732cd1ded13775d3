package org.genet.sim;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import org.genet.overlay.Scheduler;

/**
 * Virtual time for the simulator: tasks run one at a time in the order of their due time (then of
 * their scheduling), on the caller's thread, so a run with the same seed is the same run.
 */
public final class VirtualClock implements Scheduler {

    private static final class Task implements Cancellable {
        Runnable action;

        Task(Runnable action) {
            this.action = action;
        }

        @Override
        public void cancel() {
            action = null;
        }
    }

    /** Tasks by due time; each millisecond's tasks in the order they were scheduled. */
    private final TreeMap<Long, ArrayDeque<Task>> queue = new TreeMap<>();
    private long now;
    /** The bucket the last task went into: most tasks are due at a time that already has one. */
    private long lastDue = -1;
    private ArrayDeque<Task> lastBucket;

    @Override
    public long now() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        Task t = new Task(task);
        long due = now + Math.max(0, delayMs);
        if (due != lastDue || lastBucket == null) {
            lastBucket = queue.get(due);
            if (lastBucket == null) {
                lastBucket = new ArrayDeque<>();
                queue.put(due, lastBucket);
            }
            lastDue = due;
        }
        lastBucket.addLast(t);
        return t;
    }

    /** Runs the next due task, advancing the clock to it; false when nothing is left to run. */
    public boolean runNext() {
        while (!queue.isEmpty()) {
            Map.Entry<Long, ArrayDeque<Task>> due = queue.firstEntry();
            Task t = due.getValue().pollFirst();
            if (due.getValue().isEmpty()) {
                queue.remove(due.getKey());
                if (due.getValue() == lastBucket) {
                    lastBucket = null;
                }
            }
            if (t.action != null) {
                now = due.getKey();
                Runnable action = t.action;
                t.action = null;
                action.run();
                return true;
            }
        }
        return false;
    }

    /** Runs every task due up to {@code time}, then sets the clock to {@code time}. */
    public void runUntil(long time) {
        while (!queue.isEmpty() && queue.firstKey() <= time) {
            runNext();
        }
        now = Math.max(now, time);
    }

    /** Runs {@code ms} of virtual time from now. */
    public void advance(long ms) {
        runUntil(now + ms);
    }

    public boolean idle() {
        return queue.values().stream().flatMap(ArrayDeque::stream).allMatch(t -> t.action == null);
    }
}
