package org.genet.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/** The app's remembered settings, each a properties file in its settings folder. */
final class PropertiesFile {
    private PropertiesFile() {
    }

    /**
     * Writes {@code properties} to {@code dir/file} whole or not at all: into a temporary file of
     * the folder first (owner-only on POSIX systems), then moved over the old one.
     */
    static void store(Path dir, String file, Properties properties, String comment) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file, ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            properties.store(out, comment);
        }
        Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
