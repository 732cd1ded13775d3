package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, defect 3: {@code mvn package} (its class-data sharing run of {@code screenshot}) and
 * {@code packaging/build-installers.sh} wrote the user's own {@code ~/.config/genet/recent-tree.properties}:
 * the next launch showed a random port and offered to join a tree never joined. A screenshot is a
 * picture, not the user's tree: it keeps a config folder of its own, whatever the environment says.
 */
class UserConfigUntouchedTest {

    @Test
    void defect3TheScreenshotRunOfTheBuildLeavesTheUsersConfigFolderAlone(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path xdg = dir.resolve("xdg");
        Path png = dir.resolve("shot.png");
        // as mvn package runs it (no config folder named), with this home as the user's
        ProcessBuilder pb = new ProcessBuilder(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Duser.home=" + home, "-Dgenet.launcher=off", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "screenshot", "--out", png.toString(), "--nodes", "1"))
                .redirectErrorStream(true);
        pb.environment().remove("GENET_CONFIG_DIR");
        pb.environment().put("XDG_CONFIG_HOME", xdg.toString());
        pb.environment().put("GENET_LAN_ADDRESS", "off");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(png).as(out).isNotEmptyFile();
        assertThat(xdg.resolve("genet")).as("the user's $XDG_CONFIG_HOME/genet").doesNotExist();
        assertThat(home.resolve(".config/genet")).as("the user's ~/.config/genet").doesNotExist();
        try (var left = Files.list(home)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).as("what the run left in the user's home")
                    .doesNotContain(".config");
        }
    }

    @Test
    void theBuildAndTheScriptsNameAConfigFolderOfTheirOwn() throws Exception {
        // the CDS run of mvn package, and every script that starts the app
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<argument>-Dgenet.config.dir=${project.build.directory}/cds-config</argument>")
                .contains("<GENET_CONFIG_DIR>${project.build.directory}/test-config</GENET_CONFIG_DIR>");
        for (String script : List.of("packaging/build-installers.sh", "packaging/test-deb.sh", "packaging/time-to-window.sh")) {
            assertThat(Files.readString(Path.of(script))).as(script).contains("GENET_CONFIG_DIR=");
        }
    }
}
