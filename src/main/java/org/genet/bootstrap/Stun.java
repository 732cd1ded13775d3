package org.genet.bootstrap;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The part of STUN (RFC 8489) a bootstrap server answers: a Binding request, answered with the
 * address it came from (XOR-MAPPED-ADDRESS), so that a node behind a NAT learns its address
 * outside. Pure functions over bytes; {@link StunResponder} puts them on a UDP port.
 *
 * <p>Anything that is not a well-formed Binding request is not answered: a message that is not a
 * request, not Binding, without the magic cookie, whose length field disagrees with the datagram,
 * whose attributes overrun it, or whose FINGERPRINT is wrong or not last. A request with an attribute
 * the server must understand but does not (a comprehension-required type, below 0x8000) gets the
 * 420 error of RFC 8489 section 6.3.1, listing them. No answer is ever larger than the request plus
 * one XOR-MAPPED-ADDRESS, so the port cannot amplify a flood sent with a forged source address.
 * Written here rather than taken from a library: see docs/architecture.md, "Libraries".
 */
final class Stun {
    static final int HEADER = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int ERROR_CODE = 0x0009;
    static final int UNKNOWN_ATTRIBUTES = 0x000A;
    static final int SOFTWARE = 0x8022;
    static final int FINGERPRINT = 0x8028;
    private static final int FINGERPRINT_XOR = 0x5354554e;
    /** The largest request read: a Binding request has a few small attributes at most. */
    static final int MAX_REQUEST = 548;

    private Stun() {
    }

    /** The size of the XOR-MAPPED-ADDRESS attribute for this address, header included. */
    static int mappedAddressSize(InetAddress address) {
        return address instanceof Inet6Address ? 4 + 20 : 4 + 8;
    }

    /**
     * The answer to {@code request} (the datagram's bytes) from {@code sender}, or null when it is
     * not a well-formed Binding request (or the answer would be larger than allowed).
     */
    static byte[] answer(byte[] request, int length, InetSocketAddress sender) {
        if (length < HEADER || length > MAX_REQUEST || length > request.length) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(request, 0, length);
        int type = in.getShort(0) & 0xffff;
        int bodyLength = in.getShort(2) & 0xffff;
        if (type != BINDING_REQUEST || in.getInt(4) != MAGIC_COOKIE || bodyLength != length - HEADER
                || bodyLength % 4 != 0) {
            return null; // the top two bits are 0 in a request's type, and its length is a multiple of 4
        }
        boolean fingerprint = false;
        List<Integer> unknown = new ArrayList<>();
        int at = HEADER;
        while (at < length) {
            if (fingerprint || at + 4 > length) {
                return null; // FINGERPRINT must be last; an attribute's header must fit
            }
            int attrType = in.getShort(at) & 0xffff;
            int attrLength = in.getShort(at + 2) & 0xffff;
            int padded = (attrLength + 3) & ~3;
            if (at + 4 + padded > length) {
                return null;
            }
            if (attrType == FINGERPRINT) {
                if (attrLength != 4 || in.getInt(at + 4) != crc(request, at)) {
                    return null;
                }
                fingerprint = true;
            } else if (attrType < 0x8000 && unknown.size() < 16) {
                unknown.add(attrType); // comprehension-required, and this server knows none in a request
            }
            at += 4 + padded;
        }
        byte[] answer = unknown.isEmpty() ? success(request, sender, fingerprint) : unknownAttributes(request, unknown, fingerprint);
        // never larger than the request and one mapped address: no amplification
        return answer.length <= length + mappedAddressSize(sender.getAddress()) ? answer : null;
    }

    private static byte[] success(byte[] request, InetSocketAddress sender, boolean fingerprint) {
        InetAddress address = sender.getAddress();
        byte[] ip = address.getAddress();
        int attrLength = address instanceof Inet4Address ? 8 : 20;
        ByteBuffer out = ByteBuffer.allocate(HEADER + 4 + attrLength + (fingerprint ? 8 : 0));
        header(out, BINDING_SUCCESS, request);
        out.putShort((short) XOR_MAPPED_ADDRESS).putShort((short) attrLength);
        out.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2));
        out.putShort((short) (sender.getPort() ^ (MAGIC_COOKIE >>> 16)));
        // the address XORed with the magic cookie, then (IPv6) with the transaction id
        for (int i = 0; i < ip.length; i++) {
            out.put((byte) (ip[i] ^ request[4 + i]));
        }
        return finish(out, fingerprint);
    }

    /** 420 Unknown Attribute, with UNKNOWN-ATTRIBUTES; the reason phrase only where the size bound leaves room. */
    private static byte[] unknownAttributes(byte[] request, List<Integer> unknown, boolean fingerprint) {
        byte[] reason = "Unknown Attribute".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int listLength = 2 * unknown.size();
        int base = HEADER + 8 + 4 + ((listLength + 3) & ~3) + (fingerprint ? 8 : 0);
        int requestLength = HEADER + ((request[2] & 0xff) << 8 | (request[3] & 0xff));
        boolean withReason = base + reason.length + 3 <= requestLength; // only within the request's own size
        int reasonLength = withReason ? reason.length : 0;
        ByteBuffer out = ByteBuffer.allocate(base + ((reasonLength + 3) & ~3));
        header(out, BINDING_ERROR, request);
        out.putShort((short) ERROR_CODE).putShort((short) (4 + reasonLength));
        out.putShort((short) 0).put((byte) 4).put((byte) 20);
        if (withReason) {
            out.put(reason);
            pad(out, reasonLength);
        }
        out.putShort((short) UNKNOWN_ATTRIBUTES).putShort((short) listLength);
        for (int t : unknown) {
            out.putShort((short) t);
        }
        pad(out, listLength);
        return finish(out, fingerprint);
    }

    private static void header(ByteBuffer out, int type, byte[] request) {
        out.putShort((short) type).putShort((short) 0); // the length is written at the end
        out.put(request, 4, 16); // magic cookie and transaction id, as they came
    }

    private static void pad(ByteBuffer out, int length) {
        for (int i = length; i % 4 != 0; i++) {
            out.put((byte) 0);
        }
    }

    /** Writes the length (FINGERPRINT included) and, if asked, the FINGERPRINT. */
    private static byte[] finish(ByteBuffer out, boolean fingerprint) {
        byte[] bytes = out.array();
        out.putShort(2, (short) (bytes.length - HEADER));
        if (fingerprint) {
            int at = bytes.length - 8;
            out.position(at);
            out.putShort((short) FINGERPRINT).putShort((short) 4).putInt(crc(bytes, at));
        }
        return bytes;
    }

    /** The FINGERPRINT of a message whose FINGERPRINT attribute starts at {@code at}: CRC-32 of what precedes it. */
    static int crc(byte[] message, int at) {
        CRC32 crc = new CRC32();
        crc.update(message, 0, at);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** A Binding request with this transaction id (12 bytes), for tests and the benchmark. */
    static byte[] bindingRequest(byte[] transactionId, boolean fingerprint) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + (fingerprint ? 8 : 0));
        out.putShort((short) BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE).put(transactionId);
        return finish(out, fingerprint);
    }

    /** The XOR-MAPPED-ADDRESS of a Binding success response, or null: for tests and the benchmark. */
    static InetSocketAddress mappedAddress(byte[] response, int length) {
        ByteBuffer in = ByteBuffer.wrap(response, 0, length);
        if (length < HEADER || (in.getShort(0) & 0xffff) != BINDING_SUCCESS || in.getInt(4) != MAGIC_COOKIE) {
            return null;
        }
        int at = HEADER;
        while (at + 4 <= length) {
            int type = in.getShort(at) & 0xffff;
            int attrLength = in.getShort(at + 2) & 0xffff;
            if (type == XOR_MAPPED_ADDRESS && at + 4 + attrLength <= length) {
                int family = in.get(at + 5);
                int port = (in.getShort(at + 6) & 0xffff) ^ (MAGIC_COOKIE >>> 16);
                byte[] ip = new byte[family == 1 ? 4 : 16];
                for (int i = 0; i < ip.length; i++) {
                    ip[i] = (byte) (response[at + 8 + i] ^ response[4 + i]);
                }
                try {
                    return new InetSocketAddress(InetAddress.getByAddress(ip), port);
                } catch (java.net.UnknownHostException e) {
                    return null;
                }
            }
            at += 4 + ((attrLength + 3) & ~3);
        }
        return null;
    }
}
