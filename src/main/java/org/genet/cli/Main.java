package org.genet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code genet} command: one subcommand per tool. */
@Command(name = "genet", mixinStandardHelpOptions = true, version = "Genet 0.1.0",
        description = {"A WebRTC fat-tree overlay: nodes join a tree through a bootstrap server.",
                "With no command, opens the desktop app."},
        subcommands = {ServerCommand.class, NodeCommands.Root.class, NodeCommands.Member.class,
                SimulateCommand.class, BenchCommand.class, BenchWorkerCommand.class, BenchServerCommand.class,
                BenchReportsCommand.class, ScreenshotCommand.class, ChaosCommand.class, BenchViewCommand.class,
                ExportCommand.class, ReplayCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if ("child".equals(System.getProperty(Launcher.PROPERTY))) {
            // relaunched: if the launching JVM dies without stopping us (kill -9), so do we
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(143)));
        }
        int relaunched = Launcher.relaunch(args);
        System.exit(relaunched >= 0 ? relaunched : commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** With no subcommand: the desktop app. */
    @Override
    public Integer call() {
        try {
            javafx.application.Application.launch(org.genet.app.GenetApp.class);
            return 0;
        } catch (UnsupportedOperationException e) { // JavaFX found no display
            spec.commandLine().getErr().println("The app needs a desktop session (" + e.getMessage() + ")."
                    + " Without one, use the commands: genet --help.");
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
