package org.genet.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The browser node page and its script, served from the jar. */
final class WebFiles {
    private static final Map<String, HttpResponse> CACHE = new ConcurrentHashMap<>();

    private WebFiles() {
    }

    static HttpResponse get(String name) {
        return CACHE.computeIfAbsent(name, WebFiles::load);
    }

    private static HttpResponse load(String name) {
        try (InputStream in = WebFiles.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                return HttpResponse.text(404, "Not Found", "no page at this path");
            }
            String type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
            return new HttpResponse(200, "OK", type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
