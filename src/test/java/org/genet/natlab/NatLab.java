package org.genet.natlab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A small internet in network namespaces, made and removed by the test itself: an "internet"
 * namespace holding the bootstrap server (198.18.0.1) and coturn (198.18.0.2), and homes, each a
 * router namespace (WAN 198.18.K.2, LAN 10.K.0.1) doing MASQUERADE ({@code --random-fully} for a
 * symmetric NAT) and dropping what nobody inside asked for, in FORWARD and in INPUT (STACK.md: without
 * the INPUT rules hole punching fails), with a host namespace behind it (10.K.0.2). Only veth pairs
 * made inside these namespaces: nothing links them to the machine's own network, so no packet
 * (multicast included) leaves the lab. Every name carries this JVM's pid and a random suffix, so
 * labs of tests running at the same time never meet. {@link #close()} (and a shutdown hook, if the
 * JVM dies first) ends every process started in the lab and deletes every namespace.
 */
final class NatLab implements AutoCloseable {
    static final String SERVER_IP = "198.18.0.1";
    static final String TURN_IP = "198.18.0.2";
    private static final String PREFIX = "gnl";

    enum Nat {
        /** Keeps the source port (endpoint-independent mapping): STUN's address works for every peer. */
        CONE,
        /** A new random port for every destination (--random-fully): only TURN gets through. */
        SYMMETRIC
    }

    private final String id;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Proc> processes = Collections.synchronizedList(new ArrayList<>());
    /** Folders made for the lab's processes (coturn's), deleted with it. */
    private final List<Path> folders = Collections.synchronizedList(new ArrayList<>());
    private final Thread hook;
    private boolean closed;

    /** Skips the calling test, saying why, unless this machine can make a lab (root, ip netns, iptables). */
    static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "the NAT lab makes network namespaces and iptables rules: run the tests as root");
        Assumptions.assumeTrue(runs("ip", "netns", "list"), "the NAT lab needs `ip netns` (Debian package iproute2)");
        Assumptions.assumeTrue(runs("iptables", "--version"), "the NAT lab needs iptables (Debian package iptables)");
    }

    /** Skips the calling test unless coturn's turnserver is installed. */
    static void assumeCoturn() {
        Assumptions.assumeTrue(runs("turnserver", "--version") || Files.isExecutable(Path.of("/usr/bin/turnserver")),
                "this test relays through coturn: install the Debian package coturn");
    }

    static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A lab with one home per entry of {@code homes} (home 1, home 2, ...). Skips the test if namespaces cannot be made. */
    static NatLab create(Nat... homes) throws IOException, InterruptedException {
        assumeAvailable();
        removeStale();
        NatLab lab = new NatLab();
        try {
            lab.build(homes);
        } catch (IOException | RuntimeException e) {
            lab.close();
            if (lab.namespaces.isEmpty() || e.getMessage() != null && e.getMessage().contains("Operation not permitted")) {
                Assumptions.abort("cannot make network namespaces here: " + e.getMessage());
            }
            throw e;
        }
        return lab;
    }

    private NatLab() {
        byte[] random = new byte[2];
        new SecureRandom().nextBytes(random);
        id = PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
        hook = new Thread(this::close, "nat-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The namespace of the internet (server and coturn). */
    String internet() {
        return id + "-net";
    }

    /** The namespace of the host in home {@code k} (from 1). */
    String home(int k) {
        return id + "-h" + k;
    }

    String router(int k) {
        return id + "-r" + k;
    }

    /** The address of the host in home {@code k}. */
    static String homeIp(int k) {
        return "10." + k + ".0.2";
    }

    private void build(Nat[] homes) throws IOException, InterruptedException {
        String net = internet();
        addNamespace(net);
        sh(net, "sysctl -qw net.ipv4.ip_forward=1");
        // the server's and coturn's addresses (no dummy interfaces everywhere: on the internet's loopback)
        sh(net, "ip addr add " + SERVER_IP + "/32 dev lo && ip addr add " + TURN_IP + "/32 dev lo");
        for (int k = 1; k <= homes.length; k++) {
            String r = router(k);
            String h = home(k);
            addNamespace(r);
            addNamespace(h);
            // veth pairs made inside the namespaces, each end created where it lives: none ever in the machine's own
            sh(net, "ip link add i" + k + " type veth peer name wan netns " + r);
            sh(net, "ip addr add 198.18." + k + ".1/24 dev i" + k + " && ip link set i" + k + " up");
            sh(r, "ip link add lan type veth peer name eth0 netns " + h);
            sh(r, "ip addr add 198.18." + k + ".2/24 dev wan && ip link set wan up"
                    + " && ip addr add 10." + k + ".0.1/24 dev lan && ip link set lan up"
                    + " && ip route add default via 198.18." + k + ".1"
                    + " && sysctl -qw net.ipv4.ip_forward=1");
            sh(r, "iptables -t nat -A POSTROUTING -o wan -j MASQUERADE" + (homes[k - 1] == Nat.SYMMETRIC ? " --random-fully" : "")
                    + " && iptables -A FORWARD -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT"
                    + " && iptables -A FORWARD -i wan -j DROP"
                    + " && iptables -A INPUT -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT"
                    + " && iptables -A INPUT -i wan -j DROP");
            sh(h, "ip addr add " + homeIp(k) + "/24 dev eth0 && ip link set eth0 up && ip route add default via 10." + k + ".0.1");
        }
    }

    private void addNamespace(String ns) throws IOException, InterruptedException {
        run(List.of("ip", "netns", "add", ns));
        namespaces.add(ns);
        // loopback up (WebRTC and the JVM want it), no IPv6: only the lab's IPv4 addresses exist here
        sh(ns, "ip link set lo up && sysctl -qw net.ipv6.conf.all.disable_ipv6=1 && sysctl -qw net.ipv6.conf.default.disable_ipv6=1");
    }

    /** Runs a shell command line inside {@code ns}; throws with its output if it fails. */
    void sh(String ns, String commandLine) throws IOException, InterruptedException {
        run(List.of("ip", "netns", "exec", ns, "sh", "-c", commandLine));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }

    /** Starts {@code command} inside {@code ns}; its output (stdout and stderr) is kept line by line. */
    Proc start(String ns, String name, List<String> command, Map<String, String> env) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("GENET_LAN_ADDRESS", "off");
        pb.environment().putAll(env);
        Proc proc = new Proc(name, pb.start());
        processes.add(proc);
        return proc;
    }

    /** {@code genet ARGS} (the test class path's Main) inside {@code ns}. */
    Proc genet(String ns, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dgenet.launcher=off",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.org.genet.webrtc.RtcPeer=debug",
                "-cp", System.getProperty("java.class.path"), "org.genet.cli.Main"));
        command.addAll(List.of(args));
        return start(ns, name, command, Map.of());
    }

    /** {@code genet server} on the internet (198.18.0.1, port 5000) with {@code options}. */
    Proc server(String... options) throws IOException, InterruptedException {
        return server(5000, options);
    }

    /** {@code genet server} on the internet (198.18.0.1) at {@code port}. */
    Proc server(int port, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("server", "--bind", SERVER_IP, "--port", Integer.toString(port),
                "--secret", "lab"));
        args.addAll(List.of(options));
        Proc server = genet(internet(), "server:" + port, args.toArray(String[]::new));
        server.await("listening on " + SERVER_IP, 30);
        return server;
    }

    static final String SERVER = SERVER_IP + ":5000";

    /** coturn on the internet (198.18.0.2:3478), with the shared secret {@code secret}. */
    Proc coturn(String secret) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("genet-coturn");
        folders.add(dir);
        Proc turn = start(internet(), "coturn", List.of("turnserver", "-n", "--listening-ip=" + TURN_IP,
                "--relay-ip=" + TURN_IP, "--listening-port=3478", "--use-auth-secret", "--static-auth-secret=" + secret,
                "--realm=genet.lab", "--no-tls", "--no-dtls", "--no-cli", "--fingerprint", "--log-file=stdout",
                "--pidfile=" + dir.resolve("turnserver.pid"), "--userdb=" + dir.resolve("turndb"),
                // as a public coturn should be set up: never relay into private networks (here, the homes' 10.x
                // addresses, which the internet has no route to: a send there fails and coturn drops the allocation)
                "--denied-peer-ip=10.0.0.0-10.255.255.255", "--no-multicast-peers", "-v"), Map.of());
        turn.await("UDP listener opened on", 20);
        return turn;
    }

    /** Stops the lab's processes named {@code name} (before the lab closes). */
    void stopAll(String name) {
        List<Proc> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
        }
        for (Proc p : all) {
            if (p.name.equals(name)) {
                p.stop();
            }
        }
    }

    /** Removes the namespaces of labs whose JVM is gone (killed before it could clean up). */
    private static void removeStale() {
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("^(" + PREFIX + "(\\d+)-[0-9a-f]{4}-\\w+)", Pattern.MULTILINE).matcher(out);
            while (m.find()) {
                long pid = Long.parseLong(m.group(2));
                if (ProcessHandle.of(pid).isEmpty()) {
                    killAll(m.group(1));
                    run(List.of("ip", "netns", "del", m.group(1)));
                }
            }
        } catch (IOException e) {
            // nothing stale to remove, or it cannot be: the new lab's names are its own anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends every process still running inside {@code ns} (only the lab's own run there), by pid. */
    private static void killAll(String ns) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "pids", ns).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            for (String pid : out.split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException e) {
            // the namespace is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: this is the hook
            }
        }
        List<Proc> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
        }
        for (Proc p : all) {
            p.stop();
        }
        // every process's output, for a failed run's reader: target/nat-lab/<lab>/<process>.log
        Path logs = Path.of("target", "nat-lab", id);
        try {
            Files.createDirectories(logs);
            for (Proc p : all) {
                Files.writeString(logs.resolve(p.name.replace(':', '-') + ".log"), p.output());
            }
        } catch (IOException e) {
            System.err.println("NAT lab: could not keep the logs: " + e.getMessage());
        }
        for (String ns : namespaces) {
            killAll(ns);
        }
        for (Path dir : new ArrayList<>(folders)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // gone already
            }
        }
        for (String ns : namespaces) {
            try {
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException e) {
                System.err.println("NAT lab: could not delete namespace " + ns + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A process in the lab, its output lines kept. */
    static final class Proc {
        final String name;
        final Process process;
        private final List<String> lines = new ArrayList<>();

        Proc(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (this) {
                            if (lines.size() < 20_000) {
                                lines.add(line);
                            }
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "nat-lab-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until a line contains {@code text}; returns it. Fails after {@code seconds}, with the output. */
        String await(String text, int seconds) throws InterruptedException {
            String found = awaitOrNull(text, seconds);
            if (found == null) {
                throw new AssertionError(name + ": no line with \"" + text + "\" within " + seconds + " s; output:\n" + output());
            }
            return found;
        }

        /** The first line containing {@code text} within {@code seconds}, or null. */
        synchronized String awaitOrNull(String text, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                for (String line : lines) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized String output() {
            return String.join("\n", lines);
        }

        void stop() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The lines of {@code proc} that match {@code pattern}'s first group, in order. */
    static List<String> grep(Proc proc, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(proc.output());
        while (m.find()) {
            out.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return out;
    }

    static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }
}
