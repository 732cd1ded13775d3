package org.genet.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.genet.bootstrap.BootstrapServer;
import org.genet.discovery.LanAddress;
import org.genet.discovery.LanAnnouncement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet server}: the bootstrap server, as the original's {@code bin/server}. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the bootstrap server: the root socket, the join sockets and a status page on one port. "
                + "Ctrl-C stops it.")
final class ServerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:PORT:-5000}",
            description = "Port to listen on; 0 picks a free one (default: $PORT, else 5000).")
    int port;

    @Option(names = "--secret", defaultValue = "${env:SECRET}",
            description = "The root's secret (default: $SECRET). Required.")
    String secret;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "Address to listen on (default ${DEFAULT-VALUE}: every interface, so that other machines can join).")
    String bind;

    @Option(names = "--timeout-ms", defaultValue = "30000",
            description = "How long a join socket may stay open (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--max-join-sockets", defaultValue = "10000",
            description = "Join sockets open at once, beyond which new ones are refused (default ${DEFAULT-VALUE}).")
    int maxJoinSockets;

    @Option(names = "--name", description = "The tree's name on the LAN (default: Genet on this machine's name).")
    String name;

    @Option(names = "--lan-address", defaultValue = "${env:GENET_LAN_ADDRESS:-auto}",
            description = "Where to announce the tree on the LAN with DNS-SD (_genet._tcp), so that apps list it: auto "
                + "(default: this machine's LAN address, or the --bind address if it is one), an interface's "
                + "address (127.0.0.1 keeps it on this machine), or off. Default from $GENET_LAN_ADDRESS.")
    String lanAddress;

    @Override
    public Integer call() throws Exception {
        if (secret == null || secret.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a secret is required: --secret S, or SECRET in the environment");
        }
        BootstrapServer.Config config;
        try {
            config = BootstrapServer.Config.withSecret(secret).withJoinTimeout(timeoutMs).withMaxJoinSockets(maxJoinSockets);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        java.util.Optional<java.net.InetAddress> announceOn;
        try {
            announceOn = announceAddress();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lan-address: " + e.getMessage());
        }
        BootstrapServer server = new BootstrapServer(new InetSocketAddress(bind, port), config);
        PrintWriter out = spec.commandLine().getOut();
        try {
            int bound = server.startAndWait();
            out.printf("Genet bootstrap server listening on %s:%d (status page: http://%s:%d/status). Ctrl-C stops it.%n",
                    bind, bound, "0.0.0.0".equals(bind) ? "localhost" : bind, bound);
            out.flush();
        } catch (Exception e) {
            server.close();
            spec.commandLine().getErr().println("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        LanAnnouncement announcement = announceOn.map(on -> LanAnnouncement.start(server, on,
                name != null && !name.isBlank() ? name.strip() : LanAddress.defaultTreeName())).orElse(null);
        if (announcement != null) {
            out.printf("Announcing the tree as \"%s\" on the LAN through %s (DNS-SD, _genet._tcp; --lan-address off stops that).%n",
                    announcement.name(), announceOn.get().getHostAddress());
            out.flush();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (announcement != null) {
                    announcement.close();
                }
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "server-shutdown"));
        stopped.await();
        return 0;
    }

    /** Where to announce: --lan-address, where auto follows a specific --bind address (but not loopback). */
    private java.util.Optional<java.net.InetAddress> announceAddress() throws java.net.UnknownHostException {
        if (LanAddress.AUTO.equalsIgnoreCase(lanAddress.strip())) {
            java.net.InetAddress bound = java.net.InetAddress.getByName(bind);
            if (bound.isLoopbackAddress()) {
                return java.util.Optional.empty(); // a server only this machine reaches: nothing to tell the LAN
            }
            if (!bound.isAnyLocalAddress()) {
                return java.util.Optional.of(bound);
            }
        }
        return LanAddress.resolve(lanAddress);
    }
}
