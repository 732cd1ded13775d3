package org.genet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code genet} command: one subcommand per tool. */
@Command(name = "genet", mixinStandardHelpOptions = true, version = "Genet 0.1.0",
        description = "A WebRTC fat-tree overlay: nodes join a tree through a bootstrap server. With no command, opens "
                + "the desktop app; with a genet://HOST:PORT link, the app joins that tree at once.",
        subcommands = {ServerCommand.class, DiscoverCommand.class, NodeCommands.Root.class, NodeCommands.Member.class,
                SimulateCommand.class, BenchCommand.class, BenchWorkerCommand.class, BenchServerCommand.class,
                BenchReportsCommand.class, ScreenshotCommand.class, ChaosCommand.class, BenchViewCommand.class,
                ExportCommand.class, ReplayCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    /** JavaFX's logger, held so that its level stays set (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "LINK",
            description = "A genet://HOST:PORT link: the app opens and joins the tree of that bootstrap server.")
    String link;

    @CommandLine.Option(names = "--lan-address", defaultValue = "${env:GENET_LAN_ADDRESS:-auto}",
            description = "Where the app looks for trees on the LAN (DNS-SD) and announces the one it starts: auto "
                + "(default: this machine's LAN address), an interface's address, or off. Default from "
                + "$GENET_LAN_ADDRESS.")
    String lanAddress;

    public static void main(String[] args) {
        if ("child".equals(System.getProperty(Launcher.PROPERTY))) {
            // relaunched: if the launching JVM dies without stopping us (kill -9), so do we
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(143)));
        }
        int relaunched = Launcher.relaunch(args);
        if (relaunched >= 0) {
            System.exit(relaunched);
        }
        if (!javafx.application.Application.class.getModule().isNamed()) {
            // This jar carries JavaFX on the class path, which works but makes JavaFX warn at every start
            // ("Unsupported JavaFX configuration"); the installers' runtime has it as a module. The app
            // sets the level back once JavaFX has started, so that its later warnings show.
            JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
        }
        System.exit(commandLine().execute(args));
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

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** With no subcommand: the desktop app. */
    @Override
    public Integer call() {
        try {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--lan-address=" + lanAddress));
            if (link != null) {
                args.add(link);
            }
            javafx.application.Application.launch(org.genet.app.GenetApp.class, args.toArray(String[]::new));
            return 0;
        } catch (UnsupportedOperationException e) { // JavaFX found no display
            spec.commandLine().getErr().println("The app needs a desktop session (" + e.getMessage() + ")."
                    + " Without one, use the commands: " + invocation() + " --help.");
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
