package org.genet.bootstrap;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genet.cli.Main;
import org.genet.measure.Measures;

/** {@code genet server} in a process of its own, on 127.0.0.1, its log kept in a file. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    final Process process;
    final int port;
    final Path log;

    /**
     * @param fdLimit the process's file descriptor limit ({@code ulimit -n}), or 0 to inherit
     * @param options more options of {@code genet server}
     */
    ServerProcess(int fdLimit, String... options) throws IOException, InterruptedException {
        log = Files.createTempFile("genet-server", ".log");
        List<String> javaCommand = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "server", "--bind", "127.0.0.1", "--port", "0", "--secret", ServerFixture.SECRET));
        javaCommand.addAll(List.of(options));
        List<String> command = javaCommand;
        if (fdLimit > 0) {
            command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$@\"", "genet-server"));
            command.addAll(javaCommand);
        }
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int found = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while (found < 0 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                found = Integer.parseInt(m.group(1));
            }
        }
        if (found < 0) {
            process.destroyForcibly();
            throw new AssertionError("the server did not start: " + Files.readString(log));
        }
        port = found;
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the process ended
            }
        }, "server-process-out");
        drain.setDaemon(true);
        drain.start();
    }

    /** Waits for {@code condition}; on failure, the message holds the server's log. */
    void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        try {
            org.genet.Await.until(condition, what, 10);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the server's log:\n" + logText(), e);
        }
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    long rssBytes() {
        return Measures.rss(process.pid());
    }

    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        return -1;
    }

    int fds() {
        String[] fds = new File("/proc/" + process.pid() + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
