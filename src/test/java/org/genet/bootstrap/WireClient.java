package org.genet.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A client that writes HTTP and RFC 6455 frames byte by byte, from a chosen loopback address,
 * so that a test can send what no library would: a lowercase version line, half a head, a frame
 * header with no payload, an unmasked frame.
 */
final class WireClient implements AutoCloseable {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random random = new Random(7);

    /** A reply's status and body. */
    record Reply(int status, String head, String body) {
    }

    /** A frame from the server. */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /**
     * How long a read waits before the server is taken for dead. Not a figure any test asserts: it
     * only ends a test whose server never answers. Under {@code stress --cpu 2} beside other builds
     * (load average 30 on 2 cores) a freshly started server process took over 10 s to read 900
     * frames and close, so the bound is the test's own patience, not a quiet machine's timing.
     */
    static final int READ_TIMEOUT_MS = 60_000;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port from {@code localAddress} (any of 127.0.0.0/8). */
    static WireClient connect(int port, String localAddress) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        return new WireClient(s);
    }

    static WireClient connect(int port) throws IOException {
        return connect(port, "127.0.0.1");
    }

    static String upgradeHead(String requestLine) {
        return requestLine + "\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    void write(String ascii) throws IOException {
        write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends an upgrade request with {@code requestLine} and reads the reply's head. */
    Reply upgrade(String requestLine) throws IOException {
        write(upgradeHead(requestLine));
        return readReply(false);
    }

    /** Upgrades on {@code path}; fails unless the server switches protocols. */
    WireClient open(String path) throws IOException {
        Reply reply = upgrade("GET " + path + " HTTP/1.1");
        if (reply.status() != 101) {
            throw new AssertionError("not upgraded: " + reply);
        }
        return this;
    }

    /** Reads a reply's head, and its body when {@code withBody} (up to Content-Length, or the end). */
    Reply readReply(boolean withBody) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed before a reply: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.split(" ", 3)[1]);
        String body = "";
        if (withBody) {
            int length = -1;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] bytes = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        return new Reply(status, text, body);
    }

    /** A whole frame, masked as a client must unless {@code masked} is false. */
    void sendFrame(int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        header(frame, opcode, payload.length, masked);
        byte[] mask = new byte[4];
        if (masked) {
            random.nextBytes(mask);
            frame.write(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ (masked ? mask[i % 4] : 0));
        }
        write(frame.toByteArray());
    }

    void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Only a frame's header (and mask), announcing {@code length} bytes that never come. */
    void sendHeaderOnly(int opcode, long length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        header(frame, opcode, length, true);
        frame.write(new byte[] {1, 2, 3, 4});
        write(frame.toByteArray());
    }

    private static void header(ByteArrayOutputStream frame, int opcode, long length, boolean masked) {
        frame.write(0x80 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            frame.write(maskBit | (int) length);
        } else if (length < 65536) {
            frame.write(maskBit | 126);
            frame.write((int) (length >> 8));
            frame.write((int) length);
        } else {
            frame.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) (length >> (8 * i)));
            }
        }
    }

    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = in.readNBytes((int) length);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Reads frames until the server's close frame (65535 if the connection ended without one). */
    Frame awaitClose() throws IOException {
        try {
            while (true) {
                Frame f = readFrame();
                if (f.opcode() == 0x8) {
                    return f;
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return new Frame(0x8, new byte[] {(byte) 0xff, (byte) 0xff}); // 65535: no close frame came
        }
    }

    /** The server's close frame if one comes within {@code ms}, else null. */
    Frame closeWithin(int ms) throws IOException {
        socket.setSoTimeout(ms);
        try {
            return awaitClose();
        } catch (java.net.SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /** The next text frame, skipping pings. */
    String nextText() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x1) {
                return f.text();
            }
            if (f.opcode() == 0x8) {
                throw new AssertionError("closed: " + f.closeCode() + " " + f.closeReason());
            }
        }
    }

    /** Whether the server closed the connection (read returns the end) within the socket's timeout. */
    boolean closedByServer() {
        try {
            InputStream raw = socket.getInputStream();
            byte[] buf = new byte[8192];
            while (raw.read(buf) >= 0) {
                // drain until the end
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
