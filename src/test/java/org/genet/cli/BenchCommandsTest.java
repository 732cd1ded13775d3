package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark commands, small: they run and report what they measured. */
class BenchCommandsTest {

    private static JsonNode run(String... args) throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(args);
        assertThat(code).as(out.toString()).isZero();
        return Wire.parse(out.toString().strip());
    }

    @Test
    void benchGrowsARealTreeAndReportsIt() throws Exception {
        JsonNode r = run("bench", "--nodes", "6", "--max-degree", "2", "--json");
        assertThat(r.path("joined").asInt()).isEqualTo(6);
        assertThat(r.path("maxDepth").asInt()).isBetween(2, 6);
        assertThat(r.path("allJoinedMs").asLong()).isPositive();
        assertThat(r.path("joinMsP50").asLong()).isLessThanOrEqualTo(r.path("joinMsMax").asLong());
        assertThat(r.path("rssBytes").asLong()).isPositive();
        assertThat(r.path("idleCpuMsPerNodeSecond").asDouble()).as("no hold, no idle figure").isEqualTo(-1);
        // 6 joins with maxDegree 2 over real WebRTC: each joiner's offer reached the root as a join
        // request, some were delegated down, each link had an answer, and links had Genet hellos
        // (counted until the last joiner's parent-connect: the hellos of the last links, sent as
        // their channels open, may come after it, so not one per join: 0.8 under stress --cpu 2)
        JsonNode frames = r.path("framesPerJoin");
        assertThat(frames.path("joinRequests").asDouble()).as(frames.toString()).isGreaterThanOrEqualTo(1);
        assertThat(frames.path("delegatedJoinRequests").asDouble()).as(frames.toString()).isPositive();
        assertThat(frames.path("signalsSdp").asDouble()).as(frames.toString()).isGreaterThanOrEqualTo(1);
        assertThat(frames.path("hellos").asDouble()).as(frames.toString()).isPositive();
        assertThat(frames.path("total").asDouble()).as(frames.toString()).isGreaterThan(frames.path("hellos").asDouble());
        assertThat(r.path("bytesPerJoin").path("signalsSdp").asDouble()).as("an SDP is hundreds of bytes").isGreaterThan(200);
    }

    @Test
    void benchHoldsTheGrownTreeAndReportsItsIdleCpu() throws Exception {
        JsonNode r = run("bench", "--nodes", "4", "--max-degree", "2", "--hold-ms", "1500", "--json");
        assertThat(r.path("joined").asInt()).isEqualTo(4);
        assertThat(r.path("idleCpuMsPerNodeSecond").asDouble()).isGreaterThanOrEqualTo(0).isLessThan(1_000);
        assertThat(r.path("quietFramesPerNodeSecond").path("total").asDouble()).as(r.toString()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void benchRoundsReportEachTreeColdThenWarm() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("bench", "--nodes", "3", "--max-degree", "2", "--rounds", "2", "--json")).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode r = Wire.parse(lines[i]);
            assertThat(r.path("round").asInt()).isEqualTo(i + 1);
            assertThat(r.path("joined").asInt()).isEqualTo(3);
            assertThat(r.path("cpuMs").asLong()).isPositive();
            assertThat(r.path("threads").asInt()).isPositive();
        }
    }

    @Test
    void benchSpreadsTheJoinersOverWorkerProcesses() throws Exception {
        JsonNode r = run("bench", "--nodes", "4", "--max-degree", "2", "--processes", "2", "--window", "1", "--json");
        assertThat(r.path("joined").asInt()).isEqualTo(4);
        assertThat(r.path("processes").asInt()).isEqualTo(2);
        assertThat(r.path("window").asInt()).isEqualTo(1);
        assertThat(r.path("maxDepth").asInt()).isBetween(2, 4);
        assertThat(r.path("allJoinedMs").asLong()).isPositive();
        // the workers' memory and CPU count too: more than this JVM alone
        assertThat(r.path("rssBytes").asLong()).isGreaterThan(org.genet.measure.Measures.rss(ProcessHandle.current().pid()));
        assertThat(r.path("cpuMs").asLong()).isPositive();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isZero();
    }

    @Test
    void benchServerLoadsAServerAndReportsIt() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("b").build());
        int port = server.startAndWait();
        try {
            JsonNode r = run("bench-server", "--host", "127.0.0.1:" + port, "--secret", "b", "--clients", "5",
                    "--signals", "40", "--pid", Long.toString(ProcessHandle.current().pid()), "--json");
            assertThat(r.path("received").asInt()).isEqualTo(200);
            assertThat(r.path("signalsPerSecond").asDouble()).isPositive();
            assertThat(r.path("latencyMsP99").asDouble()).isGreaterThanOrEqualTo(r.path("latencyMsP50").asDouble());
            assertThat(r.path("serverRssBytes").asLong()).isPositive();
            assertThat(server.status().signalsRouted()).isGreaterThanOrEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void chaosKillsNodesOfARealTreeAndReportsTheRepair() throws Exception {
        JsonNode r = run("chaos", "--nodes", "12", "--max-degree", "2", "--kill-fraction", "0.2",
                "--keepalive-ms", "1500", "--scenario", "kill", "--seed", "3", "--json");
        assertThat(r.isArray()).isTrue();
        JsonNode kill = r.get(0);
        assertThat(kill.path("scenario").asText()).isEqualTo("kill");
        assertThat(kill.path("nodesBefore").asInt()).isEqualTo(12);
        assertThat(kill.path("killed").asInt()).isEqualTo(2);
        assertThat(kill.path("nodesAfter").asInt()).isEqualTo(10);
        assertThat(kill.path("nodesLost").asInt()).isZero();
        assertThat(kill.path("repairMsP50").asLong()).isLessThanOrEqualTo(kill.path("repairMsMax").asLong());
        assertThat(kill.path("dataReceived").asLong()).isPositive();
    }
}
