package org.genet.bootstrap;

import java.nio.charset.StandardCharsets;

/** A plain HTTP response, written whole in one buffer. */
record HttpResponse(int status, String reason, String contentType, byte[] body) {

    static HttpResponse text(int status, String reason, String message) {
        return new HttpResponse(status, reason, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse html(String page) {
        return new HttpResponse(200, "OK", "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse json(String json) {
        return new HttpResponse(200, "OK", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Status line, headers and (unless {@code head}) body, as one buffer. */
    byte[] head(boolean head) {
        String header = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n";
        byte[] start = header.getBytes(StandardCharsets.US_ASCII);
        if (head) {
            return start;
        }
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }
}
