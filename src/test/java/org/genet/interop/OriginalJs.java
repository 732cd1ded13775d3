package org.genet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.genet.overlay.Wire;
import org.genet.overlay.WireException;

/**
 * The original JavaScript implementation, for interop tests: installs the npm packages pinned in
 * {@code src/test/interop/package.json} (once, into its git-ignored {@code node_modules}) and runs
 * the scripts there as child processes that print one JSON event per line.
 */
final class OriginalJs implements AutoCloseable {
    static final Path DIR = Path.of("src", "test", "interop").toAbsolutePath();
    private static boolean installed;

    /** One running script. */
    static final class Script {
        final Process process;
        final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        final StringBuilder stderr = new StringBuilder();
        final String name;

        Script(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        private final List<JsonNode> seen = new ArrayList<>();
        private final java.util.Set<Integer> taken = new java.util.HashSet<>();

        /**
         * Waits for the first event matching {@code test} not yet taken by an earlier call, in the
         * order the script printed them: events that came early are not lost.
         */
        synchronized JsonNode await(Predicate<JsonNode> test, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; ; i++) {
                while (i >= seen.size()) {
                    long left = deadline - System.nanoTime();
                    JsonNode event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (event == null) {
                        throw new AssertionError(name + ": no " + what + " within 20 s; seen " + seen + "; stderr: " + stderr);
                    }
                    if ("crash".equals(event.path("event").asText())) {
                        throw new AssertionError(name + " crashed: " + event.path("error").asText());
                    }
                    seen.add(event);
                }
                if (!taken.contains(i) && test.test(seen.get(i))) {
                    taken.add(i);
                    return seen.get(i);
                }
            }
        }

        /** Every event the script printed so far, in order. */
        synchronized List<JsonNode> all() {
            events.drainTo(seen);
            return List.copyOf(seen);
        }

        JsonNode await(String eventName) throws InterruptedException {
            return await(e -> eventName.equals(e.path("event").asText()), "'" + eventName + "' event");
        }
    }

    private final List<Script> scripts = new ArrayList<>();

    static synchronized void install() throws IOException, InterruptedException {
        if (installed || Files.isDirectory(DIR.resolve("node_modules/webrtc-tree-overlay"))
                && Files.isDirectory(DIR.resolve("node_modules/@roamhq/wrtc"))) {
            installed = true;
            return;
        }
        Process npm = new ProcessBuilder("npm", "install", "--ignore-scripts", "--no-audit", "--no-fund",
                "--no-package-lock").directory(DIR.toFile()).redirectErrorStream(true).start();
        npm.getOutputStream().close();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm install of the original packages failed:\n" + output);
        }
        installed = true;
    }

    /** Starts {@code node script args...} in the interop folder. */
    Script start(String script, String... args) throws IOException, InterruptedException {
        install();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).start();
        Script s = new Script(script, process);
        scripts.add(s);
        Thread out = new Thread(() -> read(s), script + "-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (s.stderr) {
                        if (s.stderr.length() < 20_000) {
                            s.stderr.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, script + "-stderr");
        err.setDaemon(true);
        err.start();
        return s;
    }

    private static void read(Script s) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(s.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                try {
                    s.events.add(Wire.parse(line));
                } catch (WireException e) {
                    s.stderr.append("non-JSON output: ").append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Ends every script: closing its stdin asks it to exit; what does not is killed. */
    @Override
    public void close() throws InterruptedException {
        for (Script s : scripts) {
            try {
                s.process.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
        }
        for (Script s : scripts) {
            if (!s.process.waitFor(3, TimeUnit.SECONDS)) {
                s.process.destroyForcibly();
                s.process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
