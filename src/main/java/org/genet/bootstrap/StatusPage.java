package org.genet.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.genet.overlay.Wire;

/** The server's status, as a small page and as JSON. */
final class StatusPage {
    private StatusPage() {
    }

    static String json(BootstrapServer.Status status) {
        try {
            return Wire.json().writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record always serializes", e);
        }
    }

    static String html(BootstrapServer.Status status) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Genet bootstrap server</title>
                <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:40em}
                td{padding:.2em 1em .2em 0}</style></head>
                <body><h1>Genet bootstrap server</h1>
                <table>
                <tr><td>Root</td><td id="root">%s</td></tr>
                <tr><td>Open join sockets</td><td id="join-sockets">%d</td></tr>
                <tr><td>Signals routed</td><td id="signals-routed">%d</td></tr>
                <tr><td>Signals dropped</td><td id="signals-dropped">%d</td></tr>
                <tr><td>Connections refused</td><td id="refused">%d</td></tr>
                <tr><td>Open connections</td><td id="connections">%d</td></tr>
                <tr><td>Bytes waiting to be sent</td><td id="queued-bytes">%d</td></tr>
                </table>
                <p><a href="/status.json">as JSON</a></p>
                </body></html>
                """.formatted(status.rootConnected() ? "connected" : "not connected", status.joinSockets(),
                status.signalsRouted(), status.signalsDropped(), status.refused(), status.connections(),
                status.queuedBytes());
    }
}
