package org.genet.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's start, step by step: when {@code main} was entered, JavaFX was up, the window was shown, its first
 * frame was done and the work that waits for it had run. Each step is the wall-clock time it was reached, told in
 * ms from the launch: the start of the process the user launched (with {@code java -jar}, the launcher's JVM, which
 * passes its start on as {@link #LAUNCHED}; else this JVM's own start).
 * <p>
 * Steps are always recorded (a clock read and an array slot each: nothing that costs); they are printed, as one
 * line {@code genet-startup {"step":ms,...}} on standard error once the deferred work is done, only with the system
 * property {@code genet.startup.trace=true} or the environment variable {@code GENET_STARTUP_TRACE=1}
 * ({@code scripts/bench-startup.sh} sets it). Nothing here loads JMX or a logger before the first frame: the JVM's
 * start time is read when the line is printed.
 */
public final class StartupTrace {
    /** The system property that turns the printed line on. */
    public static final String PROPERTY = "genet.startup.trace";
    /** The environment variable that turns the printed line on. */
    public static final String VARIABLE = "GENET_STARTUP_TRACE";
    /** The system property the launcher gives its child JVM: when the launcher's JVM started (ms since the epoch). */
    public static final String LAUNCHED = "genet.startup.launched";

    /** The system property the launcher gives its child JVM: when the launcher's {@code main} was entered. */
    public static final String LAUNCHER_MAIN = "genet.startup.launcher-main";

    /** {@code main} entered (the JVM that runs the app). */
    public static final String MAIN = "main";
    /** JavaFX's toolkit running. */
    public static final String TOOLKIT = "toolkit";
    /** {@code GenetApp.start} entered, on the FX thread. */
    public static final String APP_START = "app-start";
    /** The window's content built. */
    public static final String SCENE_BUILT = "scene-built";
    /** {@code stage.show()} returned: the window is mapped. */
    public static final String SHOWN = "shown";
    /** The first pulse after the show is done: its frame laid out and handed to the renderer. */
    public static final String FIRST_FRAME = "first-frame";
    /** The first task that waited for the first frame starts. */
    public static final String DEFERRED = "deferred";
    /** The last task that waited for the first frame is done. */
    public static final String DEFERRED_DONE = "deferred-done";

    private static final int MAX = 32;
    private static final String[] names = new String[MAX];
    private static final long[] at = new long[MAX];
    private static int size;
    /** This process's start ({@link #processStart}): 0 until read, -1 where it cannot be told. */
    private static long processStart;

    private StartupTrace() {
    }

    /** Records that the app reached {@code step} now (the first time only: a step reached again keeps its time). */
    public static synchronized void mark(String step) {
        if (size == MAX) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(step)) {
                return;
            }
        }
        names[size] = step;
        at[size] = System.currentTimeMillis();
        size++;
    }

    /** The steps recorded, in the order they were reached, with their wall-clock times (ms since the epoch). */
    public static synchronized Map<String, Long> steps() {
        Map<String, Long> steps = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            steps.put(names[i], at[i]);
        }
        return steps;
    }

    /** Forgets every step (a test starts the app more than once in one JVM). */
    static synchronized void reset() {
        size = 0;
    }

    /** Whether the line is printed (the property or the environment variable is set). */
    public static boolean enabled() {
        String p = System.getProperty(PROPERTY);
        if (p != null) {
            return Boolean.parseBoolean(p);
        }
        String v = System.getenv(VARIABLE);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** When the user launched the app, in ms since the epoch: the launcher's process's start, else this process's. */
    static long launched() {
        String given = System.getProperty(LAUNCHED);
        if (given != null && given.matches("[0-9]+")) {
            return Long.parseLong(given);
        }
        return processStart(jvmReady());
    }

    /** When this JVM was ready to run Java code (what JMX calls its start time). */
    private static long jvmReady() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /**
     * When this process started, in ms since the epoch, to about 10 ms: its age from {@code /proc} (the kernel's
     * clock ticks since boot at its start, against the system's uptime now) taken from now. Java's own
     * {@code ProcessHandle.Info.startInstant} can be up to a second early (it adds whole seconds of boot time);
     * {@code fallback} where there is no {@code /proc} (not Linux).
     */
    public static synchronized long processStart(long fallback) {
        if (processStart == 0) { // read once: each reading differs by the clocks' ticks
            processStart = readProcessStart();
        }
        return processStart > 0 ? processStart : fallback;
    }

    /** When this process started, from {@code /proc}; -1 where it cannot be told. */
    private static long readProcessStart() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String uptime = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            long now = System.currentTimeMillis();
            // the fields after the command's name (in parentheses, which may hold spaces): state is field 3,
            // starttime field 22, in clock ticks (100 a second on Linux, as the JDK assumes too)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[22 - 3]);
            double upSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            long age = Math.round(upSeconds * 1000) - startTicks * 10;
            return age >= 0 ? now - age : -1;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The steps as {@code {"launch":0,"launcher-main":ms,"process":ms,"jvm":ms,"main":ms,...}}, in ms from
     * {@link #launched}: the launcher's {@code main} and this process's start where the launcher started this JVM,
     * when this JVM was ready to run Java code, then the steps recorded.
     */
    static String json() {
        long launch = launched();
        List<String> parts = new ArrayList<>();
        parts.add("\"launch\":0");
        long ready = jvmReady();
        String launcherMain = System.getProperty(LAUNCHER_MAIN);
        if (System.getProperty(LAUNCHED) != null && launcherMain != null && launcherMain.matches("[0-9]+")) {
            parts.add("\"launcher-main\":" + (Long.parseLong(launcherMain) - launch));
            parts.add("\"process\":" + (processStart(ready) - launch));
        }
        parts.add("\"jvm\":" + (ready - launch));
        steps().forEach((step, time) -> parts.add("\"" + step + "\":" + (time - launch)));
        return "{" + String.join(",", parts) + "}";
    }

    /** Prints the steps as one line on standard error if {@link #enabled}. */
    static void printIfEnabled() {
        if (enabled()) {
            System.err.println("genet-startup " + json());
            System.err.flush();
        }
    }
}
