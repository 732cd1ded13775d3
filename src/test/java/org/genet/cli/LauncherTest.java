package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options the jar relaunches itself with. */
class LauncherTest {

    @Test
    void theArchiveBesideTheJarIsUsedWhenItExists(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("genet.jar"));
        assertThat(Launcher.archive(jar)).isEqualTo(dir.resolve("genet.jsa"));
        assertThat(Launcher.options(jar, new String[] {"node"})).noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
        Files.createFile(dir.resolve("genet.jsa"));
        assertThat(Launcher.options(jar, new String[] {"node"})).contains("-XX:SharedArchiveFile=" + dir.resolve("genet.jsa"))
                .containsSubsequence(Launcher.MAP_IN_PLACE); // mapped where it was made, not moved at each start
    }

    @Test
    void nodesGetTheClientCompilerAndTheSimulatorTheThroughputCollector(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("genet.jar"));
        assertThat(Launcher.options(jar, new String[] {"node", "--host", "h:1"})).contains("-XX:TieredStopAtLevel=1");
        assertThat(Launcher.options(jar, new String[0])).contains("-XX:TieredStopAtLevel=1"); // the app
        assertThat(Launcher.options(jar, new String[] {"simulate", "--nodes", "5"}))
                .contains("-XX:+UseParallelGC").doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void theAppNodesAndRootsGetTheSerialCollector(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("genet.jar"));
        assertThat(Launcher.options(jar, new String[0])).contains("-XX:+UseSerialGC");
        assertThat(Launcher.options(jar, new String[] {"genet://example.org:5000"})).contains("-XX:+UseSerialGC");
        assertThat(Launcher.options(jar, new String[] {"--lan-address", "off"})).contains("-XX:+UseSerialGC");
        assertThat(Launcher.options(jar, new String[] {"node", "--host", "h:1"})).contains("-XX:+UseSerialGC");
        assertThat(Launcher.options(jar, new String[] {"root", "--host", "h:1"})).contains("-XX:+UseSerialGC");
        // a server of thousands of connections, benchmarks, the simulator: their collectors as before
        for (String command : new String[] {"server", "bench", "bench-worker", "simulate", "screenshot"}) {
            assertThat(Launcher.options(jar, new String[] {command})).as(command).doesNotContain("-XX:+UseSerialGC");
        }
    }

    @Test
    void nothingIsRelaunchedOutsideAJar() {
        // tests run from target/classes: the command runs in this JVM
        assertThat(Launcher.relaunch(new String[] {"--version"})).isEqualTo(-1);
    }
}
