package org.genet.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last tree the app was in (its bootstrap server's address and the tree's name), kept in a small
 * file in the user's config folder: {@code $XDG_CONFIG_HOME/genet} or {@code ~/.config/genet} on
 * Linux, {@code %APPDATA%\Genet} on Windows, {@code ~/Library/Application Support/Genet} on macOS
 * The system property {@code genet.config.dir}, else the environment variable {@code GENET_CONFIG_DIR},
 * overrides it: builds, tests, the screenshot command and the scripts use a folder of their own, so
 * that nothing but the user's own app ever writes the user's folder.
 */
record RecentTree(String address, String name) {
    private static final Logger log = LoggerFactory.getLogger(RecentTree.class);
    private static final String FILE = "recent-tree.properties";

    static final String PROPERTY = "genet.config.dir";
    static final String VARIABLE = "GENET_CONFIG_DIR";

    static Path configDir() {
        String override = System.getProperty(PROPERTY);
        if (override == null || override.isBlank()) {
            override = System.getenv(VARIABLE);
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.startsWith("windows") && System.getenv("APPDATA") != null) {
            return Path.of(System.getenv("APPDATA"), "Genet");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library/Application Support/Genet");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("genet");
    }

    /** The tree remembered, if any. */
    static Optional<RecentTree> load() {
        Path file = configDir().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            log.debug("cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
        String address = p.getProperty("address", "").strip();
        return address.isEmpty() ? Optional.empty() : Optional.of(new RecentTree(address, p.getProperty("name", address).strip()));
    }

    /** Remembers this tree; a failure to write only costs the memory of it. */
    void save() {
        Path dir = configDir();
        Properties p = new Properties();
        p.setProperty("address", address);
        p.setProperty("name", name);
        try {
            PropertiesFile.store(dir, FILE, p, "The last tree the Genet app was in");
        } catch (IOException e) {
            log.debug("cannot remember the tree in {}: {}", dir, e.toString());
        }
    }
}
