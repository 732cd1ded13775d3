package org.genet.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.genet.overlay.Wire;

/**
 * Debian's chromium, headless, on one page, driven through the DevTools protocol (a WebSocket on
 * 127.0.0.1): evaluate JavaScript in the page, emulate a phone's screen and colour scheme, take
 * screenshots. Closed with its process; its profile folder is deleted unless the caller owns it.
 */
final class DevTools implements AutoCloseable {
    private final Chromium chromium;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** Opens {@code url} in a window of {@code width} x {@code height}, with a new profile. */
    DevTools(String url, int width, int height) throws Exception {
        this(url, width, height, null);
    }

    /** The same with {@code profile} as the browser's profile (kept: a second run sees what the first stored). */
    DevTools(String url, int width, int height, Path profile) throws Exception {
        chromium = new Chromium(url, List.of("--hide-scrollbars", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=" + width + "," + height), profile);
        try {
            socket = pageSocket(url, listeningAt(30));
        } catch (Exception e) {
            chromium.close();
            throw e;
        }
    }

    /** The browser's DevTools address, which chromium prints once it listens. */
    private URI listeningAt(int seconds) throws InterruptedException {
        String marker = "DevTools listening on ";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String printed = chromium.log();
            int at = printed.indexOf(marker);
            int end = at < 0 ? -1 : printed.indexOf('\n', at);
            if (end >= 0) {
                return URI.create(printed.substring(at + marker.length(), end).strip());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium gave no DevTools address within " + seconds + " s; it said:\n" + log());
    }

    /** A WebSocket to the page we opened, found among the browser's targets. */
    private WebSocket pageSocket(String url, URI browser) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        for (int i = 0; i < 100 && pageSocket == null; i++) {
            JsonNode targets = Wire.json().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + browser.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) { // the page we opened (a kept profile may bring others)
                if ("page".equals(t.path("type").asText()) && t.path("url").asText().startsWith(url.replaceAll("#.*", ""))) {
                    pageSocket = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                Thread.sleep(100);
            }
        }
        if (pageSocket == null) {
            throw new IllegalStateException("chromium shows no page; it said:\n" + log());
        }
        return http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode message = Wire.json().readTree(text.toString());
                        CompletableFuture<JsonNode> f = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                        if (f != null) {
                            f.complete(message);
                        }
                    } catch (IOException e) {
                        // not for us
                    }
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
    }

    /** Sends a command and waits for its result (an error answer throws). */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = Wire.json().createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? Wire.json().createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode result = answer.get(30, TimeUnit.SECONDS);
        if (result.has("error")) {
            throw new IllegalStateException(method + ": " + result.get("error"));
        }
        return result.path("result");
    }

    /** The value of a JavaScript expression in the page (promises awaited). */
    JsonNode eval(String expression) throws Exception {
        ObjectNode p = Wire.json().createObjectNode();
        p.put("expression", expression);
        p.put("returnByValue", true);
        p.put("awaitPromise", true);
        JsonNode r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException(expression + " threw " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until a JavaScript condition holds in the page. */
    void await(String condition, String what, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!eval("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + seconds + " s, not yet: " + what + "\npage state: "
                        + eval("JSON.stringify({state: window.genet && window.genet.state, status: document.getElementById('status').textContent,"
                        + " error: document.getElementById('error').textContent})") + "\nchromium said:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    /** A phone's screen: {@code width} x {@code height} CSS pixels, mobile viewport rules. */
    void screen(int width, int height) throws Exception {
        ObjectNode p = Wire.json().createObjectNode();
        p.put("width", width);
        p.put("height", height);
        p.put("deviceScaleFactor", 1);
        p.put("mobile", true);
        call("Emulation.setDeviceMetricsOverride", p);
    }

    /** Light or dark, as the phone's setting says (prefers-color-scheme). */
    void colourScheme(String scheme) throws Exception {
        ObjectNode p = Wire.json().createObjectNode();
        ObjectNode feature = p.putArray("features").addObject();
        feature.put("name", "prefers-color-scheme");
        feature.put("value", scheme);
        call("Emulation.setEmulatedMedia", p);
    }

    void screenshot(Path png) throws Exception {
        ObjectNode p = Wire.json().createObjectNode();
        p.put("format", "png");
        JsonNode r = call("Page.captureScreenshot", p);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    void reload() throws Exception {
        call("Page.reload", null);
    }

    /** What chromium printed, for a failing test's message. */
    String log() {
        return chromium.log();
    }

    static void until(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Closes chromium (gracefully first) and deletes what it left; a second call does nothing more. */
    @Override
    public synchronized void close() throws Exception {
        try { // gracefully, so that what the page stored (localStorage) is on disk for the next run
            int id = ids.incrementAndGet();
            socket.sendText("{\"id\":" + id + ",\"method\":\"Browser.close\"}", true).get(5, TimeUnit.SECONDS);
            chromium.awaitExit(10);
        } catch (Exception e) {
            // closed the hard way below
        }
        socket.abort();
        chromium.close();
    }
}
