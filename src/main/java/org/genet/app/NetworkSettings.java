package org.genet.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.genet.ice.IceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's Network settings (its control panel's Network section): ICE servers of the user's own,
 * the username and credential for their TURN URLs, and relay only. Kept beside the last tree
 * ({@link RecentTree#configDir()}, which the tests point elsewhere) in {@code network.properties},
 * readable by its owner only where the file system says so: it may hold a TURN credential.
 */
record NetworkSettings(List<String> iceServers, String username, String credential, boolean relayOnly) {
    private static final Logger log = LoggerFactory.getLogger(NetworkSettings.class);
    static final String FILE = "network.properties";

    NetworkSettings {
        iceServers = List.copyOf(iceServers);
        username = username == null ? "" : username;
        credential = credential == null ? "" : credential;
    }

    static NetworkSettings none() {
        return new NetworkSettings(List.of(), "", "", false);
    }

    /** From the panel's text: URLs separated by spaces, commas or new lines. */
    static NetworkSettings of(String urls, String username, String credential, boolean relayOnly) {
        List<String> list = Arrays.stream(urls == null ? new String[0] : urls.split("[\\s,]+")).filter(u -> !u.isBlank()).toList();
        return new NetworkSettings(list, username, credential, relayOnly);
    }

    /** What a node gets from these settings; throws, saying what is wrong, for a URL that is not an ICE server's. */
    IceConfig ice() {
        return IceConfig.of(iceServers, username, credential, relayOnly);
    }

    String urlsText() {
        return String.join(" ", iceServers);
    }

    static NetworkSettings load() {
        Path file = RecentTree.configDir().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return none();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            log.debug("cannot read {}: {}", file, e.toString());
            return none();
        }
        NetworkSettings s = of(p.getProperty("iceServers", ""), p.getProperty("iceUsername", ""),
                p.getProperty("iceCredential", ""), Boolean.parseBoolean(p.getProperty("relayOnly", "false")));
        try {
            s.ice();
            return s;
        } catch (IllegalArgumentException e) {
            log.warn("ignored the network settings in {}: {}", file, e.getMessage());
            return none();
        }
    }

    /** Remembers these settings; a failure to write only costs the memory of them. */
    void save() {
        Path dir = RecentTree.configDir();
        Properties p = new Properties();
        p.setProperty("iceServers", urlsText());
        p.setProperty("iceUsername", username);
        p.setProperty("iceCredential", credential);
        p.setProperty("relayOnly", Boolean.toString(relayOnly));
        try {
            PropertiesFile.store(dir, FILE, p, "The Genet app's Network settings (ICE servers for getting across NATs)");
        } catch (IOException e) {
            log.debug("cannot remember the network settings in {}: {}", dir, e.toString());
        }
    }
}
