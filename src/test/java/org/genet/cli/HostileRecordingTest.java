package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genet.record.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, finding 5: {@code export} and {@code replay} of hostile or damaged recordings. A 9 MB
 * recording took 5.8 GB to export (a copy of the tree every 64 lines, phantom children expanded),
 * a 400 MB line 1.6 GB; a recording cut inside a UTF-8 character was refused whole; a name
 * {@code =HYPERLINK(...)} became a formula in the CSV, and a {@code \x01} in a name made the GEXF
 * invalid XML. Reading is now a stream bounded by what it holds, and what it writes is cleaned.
 */
class HostileRecordingTest {
    private static final String HEADER = "{\"genet\":\"recording\",\"v\":1,\"source\":\"root\",\"started\":\"2026-01-01T00:00:00Z\"}\n";

    @TempDir
    Path dir;

    /** {@code genet export} in a JVM of its own with a small heap; its exit code. */
    private static int exportInSmallHeap(Path recording, Path gexf, Path csv) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "export", recording.toString(),
                "--gexf", gexf.toString(), "--csv", csv.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("export finishes").isTrue();
        return p.exitValue();
    }

    /**
     * A hostile recording of 8 MB: 6,000 nodes added one line each, each naming 1,024 children
     * that never appear. Before: a copy of the whole tree every 64 lines and every phantom child
     * expanded into a node.
     */
    @Test
    void aHostileRecordingIsExportedInASmallHeap() throws Exception {
        Path rec = dir.resolve("hostile.jsonl");
        try (OutputStream out = Files.newOutputStream(rec)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            StringBuilder children = new StringBuilder();
            for (int lines = 0; lines < 6_000; lines++) {
                children.setLength(0);
                children.append("{\"0\":\"n").append(lines + 1).append('"');
                if (lines % 8 == 0) { // every eighth node names 1,024 children that never come
                    for (int slot = 1; slot < 1_024; slot++) {
                        children.append(",\"").append(slot).append("\":\"p").append(lines).append('-').append(slot).append('"');
                    }
                }
                children.append('}');
                String line = "{\"t\":" + lines + ",\"topology\":{\"top\":\"n0\",\"nodes\":[{\"id\":\"n" + lines
                        + "\",\"impl\":\"java\",\"maxDegree\":1024,\"children\":" + children + "}],\"removed\":[]}}\n";
                out.write(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(Files.size(rec)).isGreaterThan(8_000_000);
        assertThat(exportInSmallHeap(rec, dir.resolve("t.gexf"), dir.resolve("t.csv"))).as("export's exit code").isZero();
        Recording.Moment end = Recording.readAt(rec, Long.MAX_VALUE);
        assertThat(end.tree().size()).as("nodes shown: those recorded, and at most as many unknown ones")
                .isLessThanOrEqualTo(2 * 6_000);
        Recording replay = Recording.read(rec);
        assertThat(replay.finalTree().size()).isEqualTo(end.tree().size());
        assertThat(replay.treeAt(3_000).size()).isLessThanOrEqualTo(2 * 3_001);
    }

    /** A line of 64 MB (before: read whole as a string, 1.6 GB for 400 MB) is skipped and counted; the rest is read. */
    @Test
    void aLineOverTheBoundIsSkippedWithACount() throws Exception {
        Path rec = dir.resolve("long-line.jsonl");
        try (OutputStream out = Files.newOutputStream(rec)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            out.write("{\"t\":1,\"topology\":{\"top\":\"a\",\"nodes\":[{\"id\":\"a\",\"impl\":\"java\",\"maxDegree\":2}],\"removed\":[]}}\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.write("{\"t\":2,\"topology\":{\"top\":\"a\",\"nodes\":[{\"id\":\"a\",\"name\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] block = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
            out.write("\"}]}}\n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"t\":3,\"topology\":{\"top\":\"a\",\"nodes\":[{\"id\":\"a\",\"impl\":\"java\",\"maxDegree\":2,\"children\":{\"0\":\"b\"}},{\"id\":\"b\",\"impl\":\"java\",\"maxDegree\":2}],\"removed\":[]}}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(exportInSmallHeap(rec, dir.resolve("l.gexf"), dir.resolve("l.csv"))).as("export's exit code").isZero();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Cli.run(out, err, "export", rec.toString(), "--gexf", dir.resolve("l2.gexf").toString())).isZero();
        assertThat(err.toString()).contains("1 unreadable lines").contains("1 of them over 16 MiB");
        assertThat(Recording.readAt(rec, Long.MAX_VALUE).tree().size()).isEqualTo(2);
    }

    /** Cut inside a UTF-8 character (a root killed mid-write), or bad bytes mid-file: that line only is skipped. */
    @Test
    void badBytesSkipTheirLineOnly() throws Exception {
        Path rec = dir.resolve("cut.jsonl");
        byte[] name = "{\"t\":2,\"topology\":{\"top\":\"a\",\"nodes\":[{\"id\":\"a\",\"name\":\"\u00e9t\u00e9\",\"impl\":\"java\",\"maxDegree\":2}],\"removed\":[]}}\n"
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(rec)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            out.write("{\"t\":1,\"topology\":{\"top\":\"a\",\"nodes\":[{\"id\":\"a\",\"impl\":\"java\",\"maxDegree\":2}],\"removed\":[]}}\n"
                    .getBytes(StandardCharsets.UTF_8));
            byte[] bad = name.clone();
            bad[new String(name, StandardCharsets.ISO_8859_1).indexOf("t\u00c3") + 1 + 1] = (byte) 0xff; // é's second byte
            out.write(bad);
            out.write("{\"t\":3,\"topology\":{\"top\":\"a\",\"nodes\":[{\"id\":\"a\",\"name\":\"ok\",\"impl\":\"java\",\"maxDegree\":2}],\"removed\":[]}}\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.write(name, 0, name.length / 2 + 3); // cut: the last line ends inside a character
            out.write(new byte[] {(byte) 0xc3});
        }
        Recording r = Recording.read(rec);
        assertThat(r.skippedLines()).isEqualTo(2);
        assertThat(r.finalTree().node("a").name()).isEqualTo("ok");
        assertThat(Recording.readAt(rec, Long.MAX_VALUE).tree().node("a").name()).isEqualTo("ok");
    }

    /** Names from the network: no formula in the CSV, valid XML in the GEXF, no control character anywhere. */
    @Test
    void namesFromTheNetworkAreExportedAsText() throws Exception {
        Path rec = dir.resolve("names.jsonl");
        String formula = "=HYPERLINK(\\\"http://127.0.0.1/x\\\",\\\"click\\\")";
        Files.writeString(rec, HEADER
                + "{\"t\":1,\"topology\":{\"top\":\"100000\",\"nodes\":[{\"id\":\"100000\",\"name\":\"root\\u0001\\u202e\",\"impl\":\"java\",\"maxDegree\":2,\"children\":{\"0\":\"200000\"}},"
                + "{\"id\":\"200000\",\"name\":\"" + formula + "\",\"impl\":\"java\",\"maxDegree\":2}],\"removed\":[]}}\n"
                + "{\"t\":2,\"join\":{\"node\":\"100000\",\"origin\":\"abcdef0123456789abcdef0123456789\",\"maxDegree\":2,\"first\":0,"
                + "\"joiner\":\"200000\",\"joinerName\":\"" + formula + "\",\"steps\":[{\"at\":0,\"action\":\"candidate\"}],"
                + "\"outcome\":\"connected\",\"after\":5}}\n", StandardCharsets.UTF_8);
        Path csv = dir.resolve("names.csv");
        Path gexf = dir.resolve("names.gexf");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Cli.run(out, err, "export", rec.toString(), "--csv", csv.toString(), "--gexf", gexf.toString())).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).as("the joiner's name, second after its id").startsWith("200000,\"'=HYPERLINK(");
        for (String row : rows) {
            for (String cell : row.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                assertThat(cell.replace("\"", "")).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@");
            }
        }
        String xml = Files.readString(gexf);
        assertThat(xml).doesNotContain("\u0001").doesNotContain("\u202e").contains("root\\x01\\u202e");
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(gexf.toFile()); // valid XML
    }
}
