package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(out, err, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("simulate");
    }

    @Test
    void jsonHoldsTheMeasuresOfTheTree() throws Exception {
        Run run = run("simulate", "--nodes", "200", "--max-degree", "3", "--seed", "9", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode json = Wire.parse(run.out());
        assertThat(json.path("nodes").asInt()).isEqualTo(200);
        assertThat(json.path("joined").asInt()).isEqualTo(200);
        assertThat(json.path("maxDegree").asInt()).isEqualTo(3);
        assertThat(json.path("maxChildren").asInt()).isBetween(1, 3);
        assertThat(json.path("maxDepth").asInt()).isGreaterThanOrEqualTo(4);
        int sum = 0;
        for (JsonNode count : json.path("depthHistogram")) {
            sum += count.asInt();
        }
        assertThat(sum).isEqualTo(201);
        assertThat(json.path("sameDepthFraction").asDouble()).isBetween(0.5, 1.0);
        assertThat(json.path("virtualMs").asLong()).isPositive();
        assertThat(json.has("wallMs")).isTrue();
    }

    @Test
    void theSummaryShowsADepthHistogram() {
        Run run = run("simulate", "--nodes", "50", "--max-degree", "2", "--interval-ms", "10");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("joined      50 of 50").contains("depth histogram").contains("one every 10 ms");
    }

    @Test
    void badOptionsGetAClearError() {
        Run run = run("simulate", "--nodes", "10", "--max-degree", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("max-degree >= 1");
        assertThat(run("simulate").err()).contains("--nodes");
    }
}
