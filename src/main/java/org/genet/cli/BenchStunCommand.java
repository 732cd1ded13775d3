package org.genet.cli;

import org.genet.bootstrap.StunBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet bench-stun}: the bootstrap server's STUN responder under load, on 127.0.0.1. */
@Command(name = "bench-stun", mixinStandardHelpOptions = true,
        description = "Measures the STUN responder on 127.0.0.1: UDP clients send Binding requests in a closed loop; "
                + "prints answers per second and the responder thread's CPU time per request.")
final class BenchStunCommand extends GenetCommand {
    @Option(names = "--clients", defaultValue = "4", description = "UDP sockets sending (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--window", defaultValue = "8", description = "Requests in flight per socket (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--seconds", defaultValue = "5", description = "How long (default ${DEFAULT-VALUE}, at most 120).")
    double seconds;

    @Option(names = "--rate-limited", description = "With a real server's per-address rates (the clients are one address, so most are dropped).")
    boolean rateLimited;

    @CommandLine.Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > 64 || window < 1 || window > 256 || seconds <= 0 || seconds > 120) {
            throw usage("--clients 1 to 64, --window 1 to 256, --seconds up to 120");
        }
        StunBenchmark.Result r = StunBenchmark.run(clients, window, seconds, rateLimited);
        print(json.json, r, out -> {
            out.printf("STUN responder: %,d answers of %,d requests in %.1f s: %,.0f answers/s, %.2f µs of CPU per request "
                    + "(the responder's thread %.0f%% busy)%s%n", r.answered(), r.sent(), r.seconds(), r.answersPerSecond(),
                    r.cpuMicrosPerRequest(), r.responderCpuShare() * 100, r.rateLimited() ? ", rate-limited" : "");
        });
        return r.answered() > 0 ? 0 : 1;
    }
}
