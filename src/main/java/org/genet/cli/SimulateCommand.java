package org.genet.cli;

import org.genet.overlay.Node;
import org.genet.sim.Simulation;
import org.genet.sim.SimulationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet simulate}: grows a tree in the in-memory simulator and measures it. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Grows a tree in the simulator (virtual time, in-memory network, seeded) and measures it. A root "
                + "plus N joiners; joiners whose attempt fails try again.")
final class SimulateCommand extends GenetCommand {

    @Option(names = "--nodes", required = true, description = "Joiners, besides the root.")
    int nodes;

    @CommandLine.Mixin SharedOptions.MaxDegree maxDegreeOption;
    @CommandLine.Mixin SharedOptions.Seed seed;

    @Option(names = "--interval-ms", defaultValue = "0",
            description = "Arrival: 0 for all at once, else one joiner every this many ms (default ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--latency-ms", defaultValue = "5", description = "One-way latency of every hop (default ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--jitter-ms", defaultValue = "3", description = "Random extra latency, up to (default ${DEFAULT-VALUE}).")
    long jitterMs;

    @Option(names = "--gather-ms", defaultValue = "20",
            description = "Peers trickle their ICE candidates over this time (default ${DEFAULT-VALUE}).")
    long gatherMs;

    @Option(names = "--leave-fraction", defaultValue = "0",
            description = "Churn: share of joiners that leave again, 0 to 1 (default ${DEFAULT-VALUE}).")
    double leaveFraction;

    @Option(names = "--leave-window-ms", defaultValue = "2000",
            description = "A leaving joiner leaves within this time of its arrival (default ${DEFAULT-VALUE}).")
    long leaveWindowMs;

    @Option(names = "--request-timeout-ms", defaultValue = "" + Node.DEFAULT_REQUEST_TIMEOUT_MS,
            description = "Request timeout of every node (default ${DEFAULT-VALUE}).")
    long requestTimeoutMs;

    @Option(names = "--attempts", defaultValue = "5", description = "Join attempts per joiner (default ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Records the simulated tree and every join request's records in FILE (the recording format of genet root --record; times are virtual ms).")
    java.nio.file.Path record;

    @CommandLine.Mixin SharedOptions.Json jsonOption;

    @Override
    public Integer call() throws java.io.IOException {
        Simulation.Options options;
        try {
            options = new Simulation.Options(nodes, maxDegreeOption.maxDegree, seed.seed, intervalMs, latencyMs, jitterMs, gatherMs,
                    leaveFraction, leaveWindowMs, requestTimeoutMs, attempts);
        } catch (IllegalArgumentException e) {
            throw usage("invalid options: nodes >= 0, max-degree >= 1, leave-fraction in [0, 1], times >= 0, attempts >= 1");
        }
        SimulationResult result;
        if (record == null) {
            result = Simulation.run(options);
        } else {
            try (org.genet.record.RecordingWriter writer = new org.genet.record.RecordingWriter(record, "simulate")) {
                org.genet.record.SimRecorder[] recorder = new org.genet.record.SimRecorder[1];
                result = Simulation.run(options, sim -> recorder[0] = org.genet.record.SimRecorder.attach(sim, writer));
                recorder[0].finish();
                err().println("recorded " + writer.bytes() + " bytes in " + record);
            }
        }
        print(jsonOption.json, result, out -> out.println(result.summary()));
        return 0;
    }
}
