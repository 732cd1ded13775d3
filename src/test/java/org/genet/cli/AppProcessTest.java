package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genet.app.StartupTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app as {@code genet} starts it, in a process of its own: JavaFX starts while the command line
 * is read, the window still shows, and without a display the user still gets the clear message.
 */
class AppProcessTest {

    private static ProcessBuilder app(Path config, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), "-Dgenet.config.dir=" + config));
        command.addAll(jvmOptions);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GENET_LAN_ADDRESS", "off");
        return pb;
    }

    @Test
    void theWindowShowsWithTheToolkitStartedBesideTheCommandLine(@TempDir Path config) throws Exception {
        // the start-up trace, printed once the work that waits for the first frame is done
        Process p = app(config, List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-D" + StartupTrace.PROPERTY + "=true"), "--lan-address", "off").start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) { // ends with the process, if it fails
                seen.append(line).append('\n');
                if (line.startsWith("genet-startup ")) {
                    break;
                }
            }
            assertThat(line).as("output:\n" + seen).isNotNull();
            assertThat(p.isAlive()).isTrue();
            // {"launch":0,"jvm":ms,"main":ms,...}: every step once, in the order the app reaches them
            Matcher step = Pattern.compile("\"([a-z-]+)\":(-?[0-9]+)").matcher(line);
            Map<String, Long> steps = new LinkedHashMap<>();
            while (step.find()) {
                steps.put(step.group(1), Long.parseLong(step.group(2)));
            }
            assertThat(steps.keySet()).as(line).containsExactly("launch", "jvm", StartupTrace.MAIN, StartupTrace.TOOLKIT,
                    StartupTrace.APP_START, StartupTrace.SCENE_BUILT, StartupTrace.SHOWN, StartupTrace.FIRST_FRAME,
                    StartupTrace.DEFERRED, StartupTrace.DEFERRED_DONE);
            assertThat(new java.util.ArrayList<>(steps.values())).as(line).isSorted().allMatch(ms -> ms >= 0);
        } finally {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void withoutADisplayTheUserIsToldWhatToDo(@TempDir Path config) throws Exception {
        ProcessBuilder pb = app(config, List.of("-Dglass.platform=gtk"));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("The app needs a desktop session").contains("--help");
    }

    @Test
    void onlyTheAppsArgumentsStartJavafxEarly() {
        assertThat(Main.opensTheApp(new String[0])).isTrue();
        assertThat(Main.opensTheApp(new String[] {"genet://example.org:5000"})).isTrue();
        assertThat(Main.opensTheApp(new String[] {"--lan-address=off"})).isTrue();
        assertThat(Main.opensTheApp(new String[] {"node", "--host", "h:1"})).isFalse();
        assertThat(Main.opensTheApp(new String[] {"--help"})).isFalse();
    }
}
