package org.genet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.overlay.TreeSnapshot;
import org.genet.overlay.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code root --topology FILE}: the tree as JSON in a file, rewritten when it changes. Writing runs
 * on a thread of its own, never on the node's loop; when changes come faster than the disk, only
 * the latest tree is written. Each write replaces the file whole, so a reader never sees half a tree.
 */
final class TopologyFile {
    private static final Logger log = LoggerFactory.getLogger(TopologyFile.class);

    private final Path file;
    private final AtomicReference<TreeSnapshot> latest = new AtomicReference<>();
    private final Thread writer;

    TopologyFile(Path file) {
        this.file = file.toAbsolutePath();
        this.writer = new Thread(this::run, "topology-file");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the tree for writing; returns at once. */
    void write(TreeSnapshot tree) {
        if (latest.getAndSet(tree) == null) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private void run() {
        while (true) {
            TreeSnapshot tree;
            synchronized (this) {
                while ((tree = latest.getAndSet(null)) == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, Wire.write(tree.toJson()) + "\n");
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                log.warn("could not write the tree to {}: {}", file, e.toString());
            }
        }
    }
}
