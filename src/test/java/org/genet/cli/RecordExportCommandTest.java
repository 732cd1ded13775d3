package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** genet simulate --record, then genet export: CSV rows with paths, JSON, GEXF; bad input gets a clear error. */
class RecordExportCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code genet simulate} of {@code nodes} joiners of max degree 2, recorded: the recording. */
    private Path simulatedRecording(int nodes) {
        Path rec = dir.resolve("sim.jsonl");
        assertThat(Cli.run(out, err, "simulate", "--nodes", Integer.toString(nodes), "--max-degree", "2", "--record", rec.toString())).isZero();
        return rec;
    }

    @Test
    void aSimulatedRecordingExportsToCsvJsonAndGexf() throws Exception {
        Path rec = simulatedRecording(30);
        assertThat(err.toString()).contains("recorded");
        Path csv = dir.resolve("joins.csv");
        Path json = dir.resolve("joins.json");
        Path gexf = dir.resolve("tree.gexf");
        assertThat(Cli.run(out, err, "export", rec.toString(), "--csv", csv.toString(), "--json", json.toString(),
                "--gexf", gexf.toString())).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("joiner_id,joiner_name,origin,start_ms,outcome,connect_ms,final_parent_id,"
                + "final_parent_name,depth,hops,path_ids,path_names,path");
        assertThat(rows).hasSize(31);
        assertThat(rows.subList(1, 31)).allSatisfy(r -> assertThat(r).contains(",connected,"));
        // a joiner at depth 3 or more went through the root's delegation: its path names the hash arithmetic
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("delegate (hash31(").contains(" > "));
        assertThat(Wire.parse(Files.readString(json)).size()).isEqualTo(30);
        assertThat(Files.readString(gexf)).contains("<gexf");

        Path png = dir.resolve("tree.png");
        assertThat(Cli.run(out, err, "export", rec.toString(), "--png", png.toString(), "--width", "640", "--height", "400")).isZero();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
        // nodes in the colour of a Java node from the top row (the root) to the bottom one (leaves)
        assertThat(javaPixels(image, 0, 60)).isPositive();
        assertThat(javaPixels(image, 340, 400)).isPositive();
        new java.io.File("target/views").mkdirs();
        Files.copy(png, Path.of("target/views/export-640x400.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int javaPixels(java.awt.image.BufferedImage image, int fromY, int toY) {
        int n = 0;
        for (int y = fromY; y < toY; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0x1c7ed6) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aFileThatIsNoRecordingGetsAClearError() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "hello\n");
        assertThat(Cli.run(out, err, "export", bad.toString(), "--csv", dir.resolve("x.csv").toString())).isNotZero();
        assertThat(err.toString()).contains("is not a Genet recording");
        assertThat(Cli.run(out, err, "export", dir.resolve("missing").toString(), "--csv", dir.resolve("x.csv").toString())).isNotZero();
        assertThat(err.toString()).contains("no such recording");
        assertThat(Cli.run(out, err, "export", bad.toString())).isNotZero();
        assertThat(err.toString()).contains("say what to export");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }

    /** Issue 20: export --png --at T before the first tree wrote a blank picture and said nothing. */
    @Test
    void aPngAtATimeBeforeTheFirstTreeIsNotWrittenAndTheReasonIsSaid() throws Exception {
        Path rec = simulatedRecording(10);
        long first = org.genet.record.Recording.read(rec).changeTimes().get(0);
        Path png = dir.resolve("early.png");
        StringWriter err2 = new StringWriter();
        assertThat(Cli.run(out, err2, "export", rec.toString(), "--png", png.toString(), "--at", Long.toString(first - 1))).isEqualTo(1);
        assertThat(err2.toString()).contains("no tree yet at " + (first - 1) + " ms")
                .contains("first tree is at " + first + " ms");
        assertThat(png).doesNotExist();
        assertThat(Cli.run(out, err, "export", rec.toString(), "--png", png.toString(), "--at", Long.toString(first))).isZero();
        assertThat(png).isNotEmptyFile();
    }

    /** Issue 20: the CSV mixed ids and names in one column; now each has its own. */
    @Test
    void theCsvKeepsIdsAndNamesInColumnsOfTheirOwn() throws Exception {
        Path rec = simulatedRecording(30);
        org.genet.record.Recording recording = org.genet.record.Recording.read(rec);
        Path csv = dir.resolve("named.csv");
        org.genet.record.Export.csv(recording.pathsAt(Long.MAX_VALUE), recording::firstSeen, id -> "name of " + id, csv);
        List<String> rows = Files.readAllLines(csv);
        List<String> header = List.of(rows.get(0).split(","));
        assertThat(rows).hasSize(31);
        String id = "[0-9]{1,6}(~[0-9]+)?";
        for (String row : rows.subList(1, rows.size())) {
            List<String> cells = cells(row);
            assertThat(cells).as(row).hasSize(header.size());
            java.util.function.Function<String, String> at = h -> cells.get(header.indexOf(h));
            assertThat(at.apply("joiner_id")).matches(id);
            assertThat(at.apply("final_parent_id")).matches(id);
            assertThat(at.apply("final_parent_name")).isEqualTo("name of " + at.apply("final_parent_id"));
            List<String> ids = List.of(at.apply("path_ids").split(" > "));
            assertThat(ids).allSatisfy(i -> assertThat(i).matches(id));
            assertThat(List.of(at.apply("path_names").split(" > "))).containsExactlyElementsOf(
                    ids.stream().map(i -> "name of " + i).toList());
            assertThat(ids.get(ids.size() - 1)).isEqualTo(at.apply("final_parent_id"));
        }
    }

    /** The cells of one CSV row (RFC 4180 quoting). */
    private static List<String> cells(String row) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
