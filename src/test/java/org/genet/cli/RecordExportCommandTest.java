package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** genet simulate --record, then genet export: CSV rows with paths, JSON, GEXF; bad input gets a clear error. */
class RecordExportCommandTest {
    @TempDir
    Path dir;

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void aSimulatedRecordingExportsToCsvJsonAndGexf() throws Exception {
        Path rec = dir.resolve("sim.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "simulate", "--nodes", "30", "--max-degree", "2", "--record", rec.toString())).isZero();
        assertThat(err.toString()).contains("recorded");
        Path csv = dir.resolve("joins.csv");
        Path json = dir.resolve("joins.json");
        Path gexf = dir.resolve("tree.gexf");
        assertThat(run(out, err, "export", rec.toString(), "--csv", csv.toString(), "--json", json.toString(),
                "--gexf", gexf.toString())).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("joiner,joiner_id,origin,start_ms,outcome,connect_ms,final_parent,depth,hops,path");
        assertThat(rows).hasSize(31);
        assertThat(rows.subList(1, 31)).allSatisfy(r -> assertThat(r).contains(",connected,"));
        // a joiner at depth 3 or more went through the root's delegation: its path names the hash arithmetic
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("delegate (hash31(").contains(" > "));
        assertThat(Wire.parse(Files.readString(json)).size()).isEqualTo(30);
        assertThat(Files.readString(gexf)).contains("<gexf");

        Path png = dir.resolve("tree.png");
        assertThat(run(out, err, "export", rec.toString(), "--png", png.toString(), "--width", "640", "--height", "400")).isZero();
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "export", bad.toString(), "--csv", dir.resolve("x.csv").toString())).isNotZero();
        assertThat(err.toString()).contains("is not a Genet recording");
        assertThat(run(out, err, "export", dir.resolve("missing").toString(), "--csv", dir.resolve("x.csv").toString())).isNotZero();
        assertThat(err.toString()).contains("no such recording");
        assertThat(run(out, err, "export", bad.toString())).isNotZero();
        assertThat(err.toString()).contains("say what to export");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }
}
