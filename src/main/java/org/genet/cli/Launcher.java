package org.genet.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Starts {@code java -jar genet.jar} again with the JVM options Genet runs best with, since a jar
 * cannot name JVM options itself:
 * <ul>
 *   <li>the class-data sharing archive made at build time beside the jar ({@code genet.jsa}: the
 *   classes a tree, a node and the app load, already parsed and verified), and</li>
 *   <li>for every command but {@code simulate}, the client compiler only
 *   ({@code -XX:TieredStopAtLevel=1}): a node's work is short bursts of many different methods,
 *   where the optimizing compiler spent a third of a cold benchmark's CPU and never paid off;</li>
 *   <li>for the app, {@code node} and {@code root}, the serial garbage collector (see {@link #SMALL_HEAP}).</li>
 * </ul>
 * The parent JVM only waits for the child and passes on its exit code (and a Ctrl-C or kill).
 * Nothing is relaunched where the options are given already ({@code -XX:SharedArchiveFile} on the
 * command line, as the installer's launcher and {@code scripts/genet} do), outside a jar (tests,
 * {@code mvn javafx:run}), or with {@code -Dgenet.launcher=off}.
 */
final class Launcher {
    static final String PROPERTY = "genet.launcher";
    /** Commands that run long, CPU-bound Java code, where the optimizing compiler pays off. */
    private static final Set<String> OPTIMIZED = Set.of("simulate");
    /**
     * Commands of one small, long-lived heap: the app (no command), a node and a root. The serial collector starts
     * with less to set up than G1 (no regions, no concurrent threads): 100-150 ms less from launch to a node's join
     * or the app's window on a 2-core machine, and young collections of such a heap take a few ms.
     */
    private static final Set<String> SMALL_HEAP = Set.of("", "node", "root");

    /**
     * The archive mapped where it was made, not moved: Java 17's updates map it at another address each start
     * (ArchiveRelocationMode 1) and then rewrite every pointer of its 40 MB, which took 200 to 300 ms of each JVM's
     * creation (0.31-0.37 s against 0.14-0.17 s to create the VM, measured with -Xlog:startuptime). Where the
     * address is taken the JVM still moves it. A JVM that knows no such option ignores it (the option is a
     * diagnostic one, which may change between Java versions).
     */
    static final List<String> MAP_IN_PLACE = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0");

    private Launcher() {
    }

    /** Runs the command in a child JVM and returns its exit code; -1 where it is not relaunched. */
    static int relaunch(String[] args) {
        long entered = System.currentTimeMillis();
        if (System.getProperty(PROPERTY) != null || System.getProperty("jpackage.app-path") != null) {
            return -1; // already relaunched, or an installer's launcher, which takes no JVM options as arguments
        }
        Path jar = ownJar();
        if (jar == null) {
            return -1;
        }
        List<String> jvmArgs = jvmArguments();
        if (jvmArgs == null) {
            return -1;
        }
        for (String a : jvmArgs) { // loops, not streams and lambdas, in this JVM: each first lambda costs a few ms here
            if (a.startsWith("-XX:SharedArchiveFile") || a.startsWith("-Xshare")) {
                return -1;
            }
        }
        String java = ProcessHandle.current().info().command().orElse(null);
        if (java == null) {
            return -1;
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options(jar, args));
        command.addAll(jvmArgs);
        command.add("-D" + PROPERTY + "=child");
        if (org.genet.app.StartupTrace.enabled()) { // the child's trace counts from this JVM's start
            command.add("-D" + org.genet.app.StartupTrace.LAUNCHED + "=" + org.genet.app.StartupTrace.processStart(entered));
            command.add("-D" + org.genet.app.StartupTrace.LAUNCHER_MAIN + "=" + entered);
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (java.io.IOException e) {
            return -1; // run in this JVM then
        }
        Runtime.getRuntime().addShutdownHook(new Thread("genet-launcher") {
            @Override
            public void run() {
                if (child.isAlive()) { // this JVM was stopped (Ctrl-C, kill): so is the child, cleanly
                    child.destroy();
                    try {
                        child.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the child decides when we are done
            }
        }
    }

    /**
     * The command line that runs {@code genet SUBCOMMAND} in a new JVM of this installation, with
     * the options this JVM would get from the launcher; the caller appends the subcommand's options.
     */
    static List<String> javaCommand(String subcommand) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path jar = ownJar();
        if (jar != null) {
            command.addAll(options(jar, new String[] {subcommand}));
        }
        command.add("-D" + PROPERTY + "=child");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add(subcommand);
        return command;
    }

    /** The JVM options for this command line (scripts/genet chooses the same). */
    static List<String> options(Path jar, String[] args) {
        List<String> options = new ArrayList<>();
        Path archive = archive(jar);
        if (Files.isRegularFile(archive)) {
            // -Xlog: a jar rebuilt without its archive, or another JVM, only turns sharing off, silently
            options.add("-XX:SharedArchiveFile=" + archive);
            options.add("-Xlog:cds=off,cds+dynamic=off");
            options.addAll(MAP_IN_PLACE);
        }
        String command = args.length > 0 && !args[0].startsWith("-") && !args[0].contains("://") ? args[0] : "";
        if (OPTIMIZED.contains(command)) {
            // a heap of a few GB of small long-lived objects: the throughput collector spent a
            // third less CPU on 100,000 simulated nodes than G1 did
            options.add("-XX:+UseParallelGC");
        } else {
            options.add("-XX:TieredStopAtLevel=1");
            if (SMALL_HEAP.contains(command)) {
                options.add("-XX:+UseSerialGC");
            }
        }
        return options;
    }

    /**
     * This JVM's options as given on its command line (what comes before {@code -jar}); null where
     * the system does not tell. Read from the process's arguments rather than through JMX, which
     * would load a few hundred classes more into a JVM that only waits.
     */
    private static List<String> jvmArguments() {
        String[] all = ProcessHandle.current().info().arguments().orElse(null);
        if (all == null) {
            return null;
        }
        List<String> options = new ArrayList<>();
        for (String a : all) {
            if (a.equals("-jar")) {
                return options;
            }
            options.add(a);
        }
        return null;
    }

    /** {@code genet.jsa} beside {@code genet.jar}. */
    static Path archive(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    }

    private static Path ownJar() {
        try {
            var source = Launcher.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar") ? path : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
