package org.genet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code genet} command: one subcommand per tool. */
@Command(name = "genet", mixinStandardHelpOptions = true, version = "Genet 0.1.0",
        description = "A WebRTC fat-tree overlay: nodes join a tree through a bootstrap server. With no command, opens "
                + "the desktop app; with a genet://HOST:PORT link, the app joins that tree at once.")
public final class Main implements java.util.concurrent.Callable<Integer> {
    /**
     * The subcommands, in the order --help lists them. Not in the {@code @Command} annotation, so that a run builds
     * only the model of the command it runs: picocli reads every option of every class it is given through
     * reflection, which took a fifth of a second of every start (its classes, made for Java 5, cannot be in the
     * class-data sharing archive either).
     */
    private static final class Subcommands { // a class of its own: a JVM that only relaunches never loads them
        // by name, as each one's @Command names it (MainTest checks), so that finding one reads no annotation
        static final java.util.Map<String, Class<?>> BY_NAME = byName("server", ServerCommand.class,
                "discover", DiscoverCommand.class, "root", NodeCommands.Root.class, "node", NodeCommands.Member.class,
                "simulate", SimulateCommand.class, "bench", BenchCommands.Tree.class, "bench-worker", BenchCommands.Worker.class,
                "bench-server", BenchCommands.Server.class, "bench-reports", BenchCommands.Reports.class,
                "screenshot", ScreenshotCommand.class, "chaos", ChaosCommand.class, "bench-view", BenchCommands.View.class,
                "export", ExportCommand.class, "replay", ReplayCommand.class, "bench-stun", BenchCommands.Stun.class);
    }

    /** JavaFX's logger, held so that its level stays set (java.util.logging keeps loggers weakly). */
    private static java.util.logging.Logger javafxLog;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "LINK",
            description = "A genet://HOST:PORT link: the app opens and joins the tree of that bootstrap server.")
    String link;

    @CommandLine.Mixin SharedOptions.Lan lan; // where the app looks for trees and announces the one it starts

    public static void main(String[] args) {
        int relaunched = Launcher.relaunch(args);
        if (relaunched >= 0) {
            System.exit(relaunched);
        }
        org.genet.app.StartupTrace.mark(org.genet.app.StartupTrace.MAIN);
        boolean app = opensTheApp(args);
        if (app) { // first of all: JavaFX's start is the longest step before the window, and it runs beside the rest
            org.genet.app.EarlyToolkit.start(new Runnable() { // not a lambda: the first one costs tens of ms here
                @Override
                public void run() {
                    quietJavafxWarnings();
                }
            });
        }
        if ("child".equals(System.getProperty(Launcher.PROPERTY))) {
            // relaunched: if the launching JVM dies without stopping us (kill -9), so do we
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(143)));
        }
        // SLF4J's simple logger starts with a SimpleDateFormat for its time stamps, whose locale data took 100 to
        // 200 ms of a start; made on a thread of its own, it is ready by the time the command logs (a line logged
        // before that is held and written once it is)
        Thread logging = new Thread(() -> org.slf4j.LoggerFactory.getLogger(Main.class), "logging-start");
        logging.setDaemon(true);
        logging.start();
        if (!app) {
            quietJavafxWarnings();
        } else if (args.length == 0) {
            // the app with nothing to read: no command-line parser (picocli's classes, which the class-data sharing
            // archive cannot hold, and its reflection took CPU from JavaFX's start on a 2-core machine)
            System.exit(openApp(org.genet.discovery.LanAddress.fromEnvironment(), null,
                    new java.io.PrintWriter(System.err, true)));
        }
        System.exit(commandLine(args).execute(args));
    }

    /**
     * This jar carries JavaFX on the class path, which works but makes JavaFX warn at every start ("Unsupported
     * JavaFX configuration"); the installers' runtime has it as a module. The app sets the level back once JavaFX
     * has started, so that its later warnings show. Not in a JVM that only relaunches: it needs no logging.
     */
    private static void quietJavafxWarnings() {
        if (!javafx.application.Application.class.getModule().isNamed()) {
            javafxLog = java.util.logging.Logger.getLogger("javafx");
            javafxLog.setLevel(java.util.logging.Level.SEVERE);
        }
    }

    /** Whether these arguments open the app: none, a link, or the app's own option. */
    static boolean opensTheApp(String[] args) {
        return args.length == 0 || org.genet.discovery.Links.isLink(args[0]) || args[0].startsWith("--lan-address");
    }

    /** How the user started this program: genet from the installers' launchers, else java -jar with the jar. */
    static String invocation() {
        if (System.getProperty("jpackage.app-path") != null) {
            return "genet";
        }
        try {
            java.nio.file.Path jar = java.nio.file.Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.toString().endsWith(".jar")) {
                java.nio.file.Path shown = java.nio.file.Path.of("").toAbsolutePath().relativize(jar.toAbsolutePath());
                return "java -jar " + (shown.startsWith("..") ? jar : shown);
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException e) {
            // fall through to the installed name
        }
        return "genet";
    }

    /** The whole command line, every subcommand in it. */
    static CommandLine commandLine() {
        CommandLine main = new CommandLine(new Main());
        Subcommands.BY_NAME.forEach((name, command) -> main.addSubcommand(name, command));
        return main;
    }

    /**
     * The command line that runs these arguments: with only the subcommand they name, none where they name none
     * (the app, with or without a link), all where the first is an option or another word (--help lists them all).
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0 && Subcommands.BY_NAME.containsKey(args[0])) {
            return new CommandLine(new Main()).addSubcommand(args[0], Subcommands.BY_NAME.get(args[0]));
        }
        if (args.length == 0 || org.genet.discovery.Links.isLink(args[0])) {
            return new CommandLine(new Main());
        }
        return commandLine();
    }

    private static java.util.Map<String, Class<?>> byName(Object... nameAndClass) {
        java.util.Map<String, Class<?>> byName = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameAndClass.length; i += 2) {
            byName.put((String) nameAndClass[i], (Class<?>) nameAndClass[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    /** The subcommands by name, in the order --help lists them. */
    static java.util.Map<String, Class<?>> subcommands() {
        return Subcommands.BY_NAME;
    }

    /** With no subcommand: the desktop app. */
    @Override
    public Integer call() {
        return openApp(lan.address, link, spec.commandLine().getErr());
    }

    /** Opens the app until its window closes; 1 where there is no display (and {@code err} says so). */
    private static int openApp(String lanAddress, String link, java.io.PrintWriter err) {
        try {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--lan-address=" + lanAddress));
            if (link != null) {
                args.add(link);
            }
            org.genet.app.EarlyToolkit.await();
            javafx.application.Application.launch(org.genet.app.GenetApp.class, args.toArray(String[]::new));
            org.genet.app.GenetApp.awaitShutdown(80_000); // the nodes close after the window (demo nodes: up to a minute)
            return 0;
        } catch (UnsupportedOperationException e) { // JavaFX found no display
            err.println("The app needs a desktop session (" + e.getMessage() + ")."
                    + " Without one, use the commands: " + invocation() + " --help.");
            err.flush();
            return 1;
        }
    }
}
