import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Draws the app icon (a small fat tree) into assets/icon.png: java packaging/IconMaker.java */
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
        ImageIO.write(image, "png", new File(args.length > 0 ? args[0] : "assets/icon.png"));
    }
}
