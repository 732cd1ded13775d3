package org.genet.cli;

import org.genet.bootstrap.BootstrapClient;
import org.genet.net.TreeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet bench-worker}: the joiners of one process of {@code bench --processes P}; not for people. */
@Command(name = "bench-worker", hidden = true,
        description = "Joiners of one process of `bench --processes`: started and driven by bench through its standard input and output.")
final class BenchWorkerCommand extends GenetCommand {
    @Option(names = "--host", required = true)
    String host;

    @Option(names = "--nodes", required = true)
    int nodes;

    @Option(names = "--max-degree", required = true)
    int maxDegree;

    @Option(names = "--time-limit-ms", required = true)
    long timeLimitMs;

    @Option(names = "--loops", defaultValue = "2")
    int loops;

    @Option(names = "--window", defaultValue = "0")
    int window;

    @Option(names = "--keepalive-ms", defaultValue = "0")
    long keepaliveMs;

    @Override
    public Integer call() throws Exception {
        TreeBenchmark.worker(BootstrapClient.address(host), nodes, maxDegree, timeLimitMs, loops, window, keepaliveMs,
                System.in, System.out);
        return 0;
    }
}
