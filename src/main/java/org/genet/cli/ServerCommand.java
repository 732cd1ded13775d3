package org.genet.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.discovery.LanAddress;
import org.genet.discovery.LanAnnouncement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet server}: the bootstrap server, as the original's {@code bin/server}. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the bootstrap server: the root socket, the join sockets and a status page on one port. "
                + "Ctrl-C stops it.")
final class ServerCommand extends GenetCommand {
    /**
     * The library's defaults, each bound's default written once ({@link ServerConfig.Builder}):
     * an option without {@code defaultValue} starts with its field's value, which picocli
     * prints as the default and a {@code --config} file or the command line replaces.
     */
    private static final ServerConfig DEFAULTS = ServerConfig.builder("defaults").build();

    @Option(names = "--port", defaultValue = "${env:PORT:-5000}",
            description = "Port to listen on; 0 picks a free one (default: $PORT, else 5000).")
    int port;

    @Option(names = "--secret", defaultValue = "${env:SECRET}",
            description = "The root's secret (default: $SECRET). Required.")
    String secret;

    @Option(names = "--bind", defaultValue = "0.0.0.0",
            description = "Address to listen on (default ${DEFAULT-VALUE}: every interface, so that other machines can join).")
    String bind;

    @Option(names = "--timeout-ms",
            description = "How long a join socket may stay open (default ${DEFAULT-VALUE}).")
    long timeoutMs = DEFAULTS.joinTimeoutMs();

    @Option(names = "--max-join-sockets",
            description = "Join sockets open at once, beyond which new ones are refused with 503 (default ${DEFAULT-VALUE}).")
    int maxJoinSockets = DEFAULTS.maxJoinSockets();

    @Option(names = "--max-join-sockets-per-address",
            description = "Join sockets open at once from one address; an IPv6 /64 counts as one (default ${DEFAULT-VALUE}).")
    int maxJoinSocketsPerAddress = DEFAULTS.maxJoinSocketsPerAddress();

    @Option(names = "--max-connections",
            description = "Connections open at once, of every kind, beyond which new ones get 503 (default "
                + "${DEFAULT-VALUE}: half the file descriptors free at start, at most 10,000; never more than are "
                + "free).")
    int maxConnections = DEFAULTS.maxConnections();

    @Option(names = "--max-connections-per-address",
            description = "Connections open at once from one address (default ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress = DEFAULTS.maxConnectionsPerAddress();

    @Option(names = "--max-frame-bytes",
            description = "The largest frame or message, refused with 1009 on its header (default ${DEFAULT-VALUE}).")
    int maxFrameBytes = DEFAULTS.maxFrameBytes();

    @Option(names = "--max-head-bytes",
            description = "The largest HTTP request head, refused with 431 (default ${DEFAULT-VALUE}).")
    int maxHeadBytes = DEFAULTS.maxHeadBytes();

    @Option(names = "--handshake-timeout-ms",
            description = "Time for a new connection to send its request head and be answered (default ${DEFAULT-VALUE}).")
    long handshakeTimeoutMs = DEFAULTS.handshakeTimeoutMs();

    @Option(names = "--join-queue-bytes",
            description = "Bytes waiting to be sent to a join socket beyond which it is closed as too slow (default ${DEFAULT-VALUE}).")
    int joinQueueBytes = DEFAULTS.joinQueueBytes();

    @Option(names = "--root-queue-bytes",
            description = "Bytes waiting to be sent to the root beyond which signals for it are dropped and their senders "
                + "closed with 1013 (default ${DEFAULT-VALUE}).")
    int rootQueueBytes = DEFAULTS.rootQueueBytes();

    @Option(names = "--max-queued-bytes",
            description = "Bytes waiting to be sent to all sockets together beyond which signals are dropped (default ${DEFAULT-VALUE}).")
    long maxQueuedBytes = DEFAULTS.maxQueuedBytes();

    @Option(names = "--signals-per-second",
            description = "Signals a join socket may send a second on average, beyond which it is closed with 1008 (default ${DEFAULT-VALUE}).")
    int signalsPerSecond = DEFAULTS.signalsPerSecond();

    @Option(names = "--signal-burst",
            description = "Signals a join socket may send at once before its rate counts (default ${DEFAULT-VALUE}).")
    int signalBurst = DEFAULTS.signalBurst();

    @Option(names = "--signal-bytes-per-second",
            description = "Bytes of signals a join socket may send a second on average, beyond which it is closed with 1008 (default ${DEFAULT-VALUE}).")
    int signalBytesPerSecond = DEFAULTS.signalBytesPerSecond();

    @Option(names = "--signal-bytes-burst",
            description = "Bytes of signals a join socket may send at once before their rate counts; at least a frame (default ${DEFAULT-VALUE}).")
    int signalBytesBurst = DEFAULTS.signalBytesBurst();

    @Option(names = "--wrong-secrets-per-minute",
            description = "Root connections with a wrong secret from one address a minute; then 429 (default ${DEFAULT-VALUE}).")
    int wrongSecretsPerMinute = DEFAULTS.wrongSecretsPerMinute();

    @Option(names = "--backlog",
            description = "Connections the system may hold before the server accepts them (default ${DEFAULT-VALUE}).")
    int backlog = DEFAULTS.backlog();

    @Option(names = "--ping-seconds",
            description = "How often every socket is pinged; one silent for 1.5 times this is closed (default ${DEFAULT-VALUE}).")
    int pingSeconds = DEFAULTS.pingSeconds();

    @Option(names = "--exempt-localhost",
            description = "127.0.0.1 and ::1 escape the per-address limits (for local demos and benchmarks; never behind a "
                + "reverse proxy on this machine, where every client comes from 127.0.0.1).")
    boolean exemptLocalhost;

    @Option(names = "--name", description = "The tree's name on the LAN (default: Genet on this machine's name).")
    String name;

    @CommandLine.Mixin SharedOptions.Lan lan; // where the tree is announced, so that apps list it

    @Option(names = "--stun", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Answer STUN Binding requests on UDP at this server's port number, so that nodes behind NATs "
                + "find their public address here (default on; --no-stun turns it off).")
    boolean stun;

    @Option(names = "--ice-server", paramLabel = "URL", split = ",",
            description = "An ICE server handed to every client of this server at /ice-servers: stun:HOST:PORT, "
                + "turn:HOST:PORT or turns:HOST:PORT (repeatable, or separated by commas). TURN URLs get credentials minted with --turn-secret.")
    java.util.List<String> iceServers = new java.util.ArrayList<>();

    @Option(names = "--turn-secret", defaultValue = "${env:GENET_TURN_SECRET}",
            description = "The secret shared with coturn (its static-auth-secret, with use-auth-secret): each client gets "
                + "TURN credentials made from it, valid for --turn-ttl (default: $GENET_TURN_SECRET).")
    String turnSecret;

    @Option(names = "--turn-ttl",
            description = "Seconds the minted TURN credentials stay valid; clients ask again before (default ${DEFAULT-VALUE}).")
    long turnTtl = DEFAULTS.turnTtlSeconds();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Reads options from a properties file, one KEY=VALUE a line, the keys the options' names "
                + "without their dashes (as --print-config writes them); options on the command line win.")
    Path configFile;

    @Option(names = "--print-config",
            description = "Prints the whole configuration in effect, in the --config file's format (secrets left out), "
                + "and exits.")
    boolean printConfig;

    /** What --print-config leaves out: the secrets. */
    private static final Set<String> SECRETS = Set.of("secret", "turn-secret");

    /** Set on the command that reads the --config file, so that it does not read it again. */
    private boolean configRead;

    /** The server's settings as the options say, checked. */
    ServerConfig config() {
        return ServerConfig.builder(secret).joinTimeoutMs(timeoutMs).maxJoinSockets(maxJoinSockets)
                .maxJoinSocketsPerAddress(maxJoinSocketsPerAddress).maxConnections(maxConnections)
                .maxConnectionsPerAddress(maxConnectionsPerAddress).maxFrameBytes(maxFrameBytes)
                .maxHeadBytes(maxHeadBytes).handshakeTimeoutMs(handshakeTimeoutMs)
                .joinQueueBytes(joinQueueBytes).rootQueueBytes(rootQueueBytes)
                .maxQueuedBytes(maxQueuedBytes).signalRate(signalsPerSecond, signalBurst)
                .signalBytesRate(signalBytesPerSecond, signalBytesBurst)
                .wrongSecretsPerMinute(wrongSecretsPerMinute).backlog(backlog).pingSeconds(pingSeconds)
                .exemptLocalhost(exemptLocalhost)
                .stun(stun).iceServers(iceServers, turnSecret, turnTtl).build();
    }

    @Override
    public Integer call() throws Exception {
        if (configFile != null && !configRead) {
            ServerCommand fromFile = new ServerCommand();
            fromFile.configRead = true;
            ConfigFile.parse(spec, configFile, fromFile);
            return fromFile.call();
        }
        if (secret == null || secret.isBlank()) {
            throw usage("a secret is required: --secret S, or SECRET in the environment");
        }
        ServerConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            throw usage((configFile != null ? "options and --config " + configFile + ": " : "") + e.getMessage());
        }
        if (printConfig) {
            out().print(ConfigFile.print(spec, SECRETS));
            out().flush();
            return 0;
        }
        java.util.Optional<java.net.InetAddress> announceOn;
        try {
            announceOn = announceAddress();
        } catch (IllegalArgumentException e) {
            throw usage("--lan-address: " + e.getMessage());
        }
        BootstrapServer server = new BootstrapServer(new InetSocketAddress(bind, port), config);
        PrintWriter out = out();
        try {
            int bound = server.startAndWait();
            out.printf("Genet bootstrap server listening on %s:%d (status page: http://%s:%d/status). Ctrl-C stops it.%n",
                    bind, bound, "0.0.0.0".equals(bind) ? "localhost" : bind, bound);
            out.println(iceSummary(server));
            out.printf("Limits: %,d connections (%,d per address), %,d join sockets (%,d per address), frames of %,d bytes.%n",
                    server.maxConnections(), maxConnectionsPerAddress, maxJoinSockets, maxJoinSocketsPerAddress, maxFrameBytes);
            out.flush();
        } catch (Exception e) {
            server.close();
            err().println("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
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

    /** What the server tells clients about getting across NATs: its own STUN, the ICE servers it hands out. */
    private String iceSummary(BootstrapServer server) {
        String stunText = server.stunPort() > 0 ? "STUN on UDP port " + server.stunPort()
                : stun ? "no STUN (UDP port " + server.getPort() + " is taken: see the log)" : "no STUN (--no-stun)";
        boolean turn = iceServers.stream().anyMatch(u -> u.regionMatches(true, 0, "turn", 0, 4));
        String handed = iceServers.isEmpty() ? "" : "; hands out " + String.join(", ", iceServers)
                + (turn ? turnSecret != null && !turnSecret.isEmpty() ? " with TURN credentials valid " + turnTtl + " s"
                        : " WITHOUT TURN credentials (no --turn-secret)" : "");
        String warning = !turn && turnSecret != null && !turnSecret.isEmpty() ? " (--turn-secret is unused without a turn: --ice-server)" : "";
        return "Across NATs: " + stunText + handed + warning + ".";
    }

    /** Where to announce: --lan-address, where auto follows a specific --bind address (but not loopback). */
    private java.util.Optional<java.net.InetAddress> announceAddress() throws java.net.UnknownHostException {
        if (LanAddress.AUTO.equalsIgnoreCase(lan.address.strip())) {
            java.net.InetAddress bound = java.net.InetAddress.getByName(bind);
            if (bound.isLoopbackAddress()) {
                return java.util.Optional.empty(); // a server only this machine reaches: nothing to tell the LAN
            }
            if (!bound.isAnyLocalAddress()) {
                return java.util.Optional.of(bound);
            }
        }
        return LanAddress.resolve(lan.address);
    }
}
