package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap server's STUN responder, over real UDP on 127.0.0.1: Binding requests get the
 * sender's address, nothing else gets an answer, no answer is larger than the request plus the
 * mapped address, and one address cannot make it answer without bound.
 */
class StunResponderTest {
    private BootstrapServer server;
    private DatagramSocket socket;
    private InetSocketAddress stun;

    @BeforeEach
    void start() throws Exception {
        server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("s").build());
        server.startAndWait();
        assertThat(server.stunPort()).as("STUN is on by default").isPositive();
        stun = new InetSocketAddress("127.0.0.1", server.stunPort());
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(500);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        server.close();
    }

    private static byte[] transactionId(int n) {
        byte[] id = new byte[12];
        Arrays.fill(id, (byte) n);
        id[11] = (byte) 0x5a;
        return id;
    }

    private byte[] exchange(byte[] request) throws Exception {
        socket.send(new DatagramPacket(request, request.length, stun));
        byte[] buffer = new byte[1500];
        DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(answer);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, answer.getLength());
    }

    @Test
    void aBindingRequestIsAnsweredWithTheSendersAddress() throws Exception {
        byte[] request = Stun.bindingRequest(transactionId(1), false);
        byte[] answer = exchange(request);
        assertThat(answer).isNotNull();
        assertThat(ByteBuffer.wrap(answer).getShort(0) & 0xffff).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(Arrays.copyOfRange(answer, 8, 20)).as("the same transaction id").isEqualTo(transactionId(1));
        assertThat(Stun.mappedAddress(answer, answer.length))
                .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()));
        assertThat(answer.length).as("no amplification").isLessThanOrEqualTo(request.length + 12);
    }

    @Test
    void aRequestWithAFingerprintGetsOneBack() throws Exception {
        byte[] request = Stun.bindingRequest(transactionId(2), true);
        byte[] answer = exchange(request);
        assertThat(answer).isNotNull();
        int at = answer.length - 8;
        assertThat(ByteBuffer.wrap(answer).getShort(at) & 0xffff).isEqualTo(Stun.FINGERPRINT);
        assertThat(ByteBuffer.wrap(answer).getInt(at + 4)).isEqualTo(Stun.crc(answer, at));
        assertThat(answer.length).isLessThanOrEqualTo(request.length + 12);
    }

    @Test
    void anythingButAWellFormedBindingRequestIsIgnored() throws Exception {
        byte[] good = Stun.bindingRequest(transactionId(3), true);
        byte[] wrongCookie = good.clone();
        wrongCookie[4] ^= 1;
        byte[] aResponse = good.clone();
        aResponse[1] = 0x01;
        aResponse[0] = 0x01; // 0x0101: a success response, not a request
        byte[] allocate = good.clone();
        allocate[1] = 0x03; // a TURN Allocate request: not Binding
        byte[] wrongLength = Arrays.copyOf(good, good.length + 4);
        byte[] badFingerprint = good.clone();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        byte[] overrun = Stun.bindingRequest(transactionId(3), false);
        overrun = Arrays.copyOf(overrun, overrun.length + 4);
        overrun[3] = 4; // one attribute whose length runs past the datagram
        overrun[20] = (byte) 0x80;
        overrun[21] = 0x22;
        overrun[23] = 40;
        byte[] text = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : new byte[][] {wrongCookie, aResponse, allocate, wrongLength, badFingerprint, overrun, text, new byte[19]}) {
            assertThat(exchange(bad)).as("no answer to " + Arrays.toString(Arrays.copyOf(bad, Math.min(8, bad.length)))).isNull();
        }
        assertThat(exchange(good)).as("good requests are still answered").isNotNull();
    }

    @Test
    void anUnknownComprehensionRequiredAttributeGetsA420NoLargerThanAllowed() throws Exception {
        byte[] request = Arrays.copyOf(Stun.bindingRequest(transactionId(4), false), 28);
        request[3] = 8;
        request[20] = 0x7f; // attribute 0x7f01, length 4: comprehension-required, unknown
        request[21] = 0x01;
        request[23] = 4;
        byte[] answer = exchange(request);
        assertThat(answer).isNotNull();
        assertThat(ByteBuffer.wrap(answer).getShort(0) & 0xffff).isEqualTo(Stun.BINDING_ERROR);
        assertThat(answer.length).isLessThanOrEqualTo(request.length + 12);
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).contains("\u007f\u0001"); // listed as unknown
    }

    @Test
    void oneAddressIsAnsweredAtItsRateOnly() throws Exception {
        socket.setSoTimeout(200);
        int sent = 400;
        for (int i = 0; i < sent; i++) {
            byte[] r = Stun.bindingRequest(transactionId(i), false);
            socket.send(new DatagramPacket(r, r.length, stun));
        }
        int answered = 0;
        byte[] buffer = new byte[1500];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
                answered++;
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        // the burst, and what the rate refills meanwhile (20 a second): far fewer than were sent
        assertThat(answered).isBetween(StunResponder.PER_ADDRESS_BURST / 2, StunResponder.PER_ADDRESS_BURST + 60);
    }

    @Test
    void stunIsAtTheServersOwnPortNumber() throws Exception {
        int port = -1;
        for (int candidate = 31_000; candidate < 32_000 && port < 0; candidate++) { // free for TCP and UDP alike
            try (java.net.ServerSocket tcp = new java.net.ServerSocket(candidate, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(candidate, InetAddress.getLoopbackAddress())) {
                port = candidate;
            } catch (java.io.IOException taken) {
                // the next one
            }
        }
        BootstrapServer fixed = new BootstrapServer(new InetSocketAddress("127.0.0.1", port), ServerConfig.builder("s").build());
        fixed.startAndWait();
        try {
            assertThat(fixed.stunPort()).isEqualTo(port);
            stun = new InetSocketAddress("127.0.0.1", port);
            assertThat(exchange(Stun.bindingRequest(transactionId(6), false))).isNotNull();
        } finally {
            fixed.close();
        }
    }

    @Test
    void noStunTurnsItOff() throws Exception {
        BootstrapServer quiet = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0),
                ServerConfig.builder("s").stun(false).build());
        quiet.startAndWait();
        try {
            assertThat(quiet.stunPort()).isZero();
            stun = new InetSocketAddress("127.0.0.1", quiet.getPort());
            assertThat(exchange(Stun.bindingRequest(transactionId(5), false))).isNull();
        } finally {
            quiet.close();
        }
    }

    /** coturn's own STUN client (Debian coturn) reads the answer: an independent implementation of RFC 8489. */
    @Test
    void coturnsStunClientReadsOurAnswer() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/turnutils_stunclient")),
                "needs turnutils_stunclient (Debian package coturn)");
        Process p = new ProcessBuilder("turnutils_stunclient", "-p", Integer.toString(server.stunPort()), "127.0.0.1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("UDP reflexive addr: 127.0.0.1:");
    }
}
