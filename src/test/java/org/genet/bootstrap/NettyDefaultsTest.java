package org.genet.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Genet's defaults for Netty hold from a JVM's start ({@link NettyDefaults}): each case is a JVM of
 * its own (a test JVM has started Netty long before), which runs {@link #main}: a client's event
 * loop first, then a server on 127.0.0.1 and a root connected to it, buffers allocated on both sides. The JVM logs every class
 * it loads; Netty's JFR event classes are the ones JFR rewrites on first touch.
 */
class NettyDefaultsTest {
    private static final String EVENT_CLASS = "io.netty.buffer.AllocateChunkEvent";

    /**
     * The probe: Netty started by a client first, as in a node (no server in its JVM), then a
     * server and a root that connects; Netty's view of JFR in a line "jfr=...".
     */
    public static void main(String[] args) throws Exception {
        try (BootstrapClient first = new BootstrapClient(java.net.URI.create("ws://127.0.0.1:1"));
             ServerFixture fixture = new ServerFixture()) {
            fixture.openRoot(); // the root's socket open: frames read and written on both sides
        }
        System.out.println("jfr=" + io.netty.util.internal.PlatformDependent.isJfrEnabled());
    }

    @Test
    void nettysJfrEventsAreOffSoNoNodePaysForRewritingThem() throws Exception {
        List<String> lines = probe();
        assertEquals("jfr=false", verdict(lines), "Netty's JFR support, as the probe says");
        assertFalse(lines.stream().anyMatch(l -> l.contains(EVENT_CLASS)), EVENT_CLASS + " was loaded");
    }

    @Test
    void aPropertyGivenOnTheCommandLineWins() throws Exception {
        List<String> lines = probe("-D" + NettyDefaults.JFR + "=true");
        assertEquals("jfr=true", verdict(lines));
        // the check above can fail: with JFR's events on, the allocator loads its event class
        assertTrue(lines.stream().anyMatch(l -> l.contains(EVENT_CLASS)), EVENT_CLASS + " was not loaded");
    }

    private static String verdict(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("jfr=")).findFirst().orElse("no jfr= line");
    }

    private static List<String> probe(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xlog:class+load=info:stdout", "-Xshare:off"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NettyDefaultsTest.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
            List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
            assertEquals(0, process.exitValue(), () -> "the probe failed: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            return lines;
        } finally {
            process.destroyForcibly();
        }
    }
}
