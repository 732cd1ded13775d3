package org.genet.cli;

import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.SignalingBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet bench-server}: signaling load on a running bootstrap server, ours or the original. */
@Command(name = "bench-server", mixinStandardHelpOptions = true,
        description = "Measures a running bootstrap server: K join sockets each send M signals to a root. Prints "
                + "signals routed per second, routing latency and (with --pid) the server's memory. "
                + "scripts/bench-server.sh runs it against our server and the original side by side.")
final class BenchServerCommand extends GenetCommand {

    @Option(names = "--host", defaultValue = "127.0.0.1:5000", description = "The server, host:port (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--secret", required = true, description = "The server's root secret.")
    String secret;

    @Option(names = "--clients", defaultValue = "50", description = "Join sockets sending at once (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--signals", defaultValue = "200", description = "Signals each join socket sends (default ${DEFAULT-VALUE}).")
    int signals;

    @Option(names = "--time-limit-ms", defaultValue = "60000", description = "Gives up after this long (default ${DEFAULT-VALUE}).")
    long timeLimitMs;

    @Option(names = "--pid", defaultValue = "0", description = "The server's process id, to read its memory.")
    long pid;

    @CommandLine.Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || signals < 1 || clients * (long) signals > 10_000_000 || timeLimitMs < 1) {
            throw usage("clients and signals must be positive, at most 10,000,000 signals in all");
        }
        SignalingBenchmark.Result r = SignalingBenchmark.run(BootstrapClient.address(host), secret, clients, signals, timeLimitMs, pid);
        print(json.json, r, out -> {
            out.printf("%s: %,d of %,d signals from %d join sockets in %.2f s: %,.0f signals/s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%s%n",
                    r.server(), r.received(), r.sent(), r.clients(), r.seconds(), r.signalsPerSecond(), r.latencyMsP50(),
                    r.latencyMsP99(), r.latencyMsMax(),
                    r.serverRssBytes() > 0 ? String.format(", server RSS %.1f MB (peak %.1f MB)", r.serverRssBytes() / 1e6, r.serverPeakRssBytes() / 1e6) : "");
        });
        return r.received() == r.sent() ? 0 : 1;
    }
}
