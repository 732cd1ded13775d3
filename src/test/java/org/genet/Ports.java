package org.genet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for tests that need nothing to listen. */
public final class Ports {
    private Ports() {
    }

    /**
     * A port on 127.0.0.1 where nothing listens, below the ephemeral range: a client connecting to
     * a closed port inside that range can be given the same port as its own source and connect to
     * itself, and then waits for an answer that never comes.
     */
    public static int closed() throws IOException {
        for (int port = 20_000; port < 30_000; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port between 20000 and 30000");
    }
}
