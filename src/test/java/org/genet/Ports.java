package org.genet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Ports for tests that need nothing to listen. */
public final class Ports {
    /** Sockets bound and never listening, held until the JVM ends: their ports stay refused. */
    private static final List<Socket> HELD = new ArrayList<>();

    private Ports() {
    }

    /**
     * A port on 127.0.0.1 where nothing listens, and nothing can until this JVM ends: it is held
     * by a socket bound to it that never listens, so a connection to it is refused at once. A port
     * merely found free can be taken meanwhile (another test, another process on a shared
     * machine, a client's own source port, through which a client can connect to itself), and a
     * connection to it is then answered or reset instead of refused.
     */
    public static synchronized int closed() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        HELD.add(s);
        return s.getLocalPort();
    }
}
