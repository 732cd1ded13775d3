import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the app icon (a small fat tree) as assets/icon.png, and the same picture as the Windows
 * (icon.ico) and macOS (icon.icns) icons the installers need: java packaging/IconMaker.java [DIR]
 * Both formats may hold a PNG as it is: an ICO directory entry of 0x0 (meaning 256) pointing at the
 * PNG bytes, an ICNS "ic08" (256x256) element.
 */
public class IconMaker {
    public static void main(String[] args) throws Exception {
        int size = 256;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1c7ed6));
        g.fillRoundRect(8, 8, size - 16, size - 16, 48, 48);
        int[][] level1 = {{64, 128}, {128, 128}, {192, 128}};
        g.setStroke(new BasicStroke(8f));
        g.setColor(Color.WHITE);
        for (int[] p : level1) {
            g.drawLine(128, 60, p[0], p[1]);
            g.drawLine(p[0], p[1], p[0] - 22, 196);
            g.drawLine(p[0], p[1], p[0] + 22, 196);
        }
        g.setColor(new Color(0xe8590c));
        g.fillOval(104, 36, 48, 48);
        g.setColor(new Color(0x37b24d));
        for (int[] p : level1) {
            g.fillOval(p[0] - 18, p[1] - 18, 36, 36);
        }
        g.setColor(Color.WHITE);
        for (int[] p : level1) {
            g.fillOval(p[0] - 22 - 12, 184, 24, 24);
            g.fillOval(p[0] + 22 - 12, 184, 24, 24);
        }
        g.dispose();
        Path dir = Path.of(args.length > 0 ? args[0] : "assets");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        Files.write(dir.resolve("icon.png"), png.toByteArray());
        Files.write(dir.resolve("icon.ico"), ico(png.toByteArray()));
        Files.write(dir.resolve("icon.icns"), icns(png.toByteArray()));
    }

    private static byte[] ico(byte[] png) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(6 + 16 + png.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 1); // reserved, type icon, one image
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);      // 256x256, no palette, reserved
        b.putShort((short) 1).putShort((short) 32).putInt(png.length).putInt(6 + 16); // planes, bits, size, offset
        b.put(png);
        return b.array();
    }

    private static byte[] icns(byte[] png) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // big-endian, as ICNS is
        out.writeBytes("icns");
        out.writeInt(8 + 8 + png.length);
        out.writeBytes("ic08");
        out.writeInt(8 + png.length);
        out.write(png);
        return bytes.toByteArray();
    }
}
