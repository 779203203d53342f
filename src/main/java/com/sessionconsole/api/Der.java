package com.sessionconsole.api;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The little DER that turns the traditional PEM private keys (PKCS#1 RSA, SEC1 EC) into the PKCS#8 form the JDK
 * reads: a reader for one level of a SEQUENCE and a writer for the wrapping. Not a general ASN.1 library.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** [0], the optional parameters of a SEC1 ECPrivateKey. */
    static final int CONTEXT_0 = 0xA0;

    /** One element: its tag and its content octets (for a constructed element, its encoded children). */
    record Element(int tag, byte[] content) {
    }

    private Der() {
    }

    /** The elements of a SEQUENCE, one level deep. */
    static List<Element> sequence(byte[] der) {
        List<Element> outer = read(der);
        if (outer.size() != 1 || outer.get(0).tag() != SEQUENCE) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        return read(outer.get(0).content());
    }

    static List<Element> read(byte[] der) {
        List<Element> elements = new ArrayList<>();
        int at = 0;
        while (at < der.length) {
            int tag = der[at++] & 0xFF;
            if (at >= der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            int length = der[at++] & 0xFF;
            if (length > 0x7F) {
                int octets = length & 0x7F;
                if (octets < 1 || octets > 3 || at + octets > der.length) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (der[at++] & 0xFF);
                }
            }
            if (length > der.length - at) {
                throw new IllegalArgumentException("truncated DER");
            }
            byte[] content = new byte[length];
            System.arraycopy(der, at, content, 0, length);
            at += length;
            elements.add(new Element(tag, content));
        }
        return elements;
    }

    static byte[] encode(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] content : contents) {
            body.writeBytes(content);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = body.size();
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** An element re-encoded whole (tag, length, content). */
    static byte[] encode(Element element) {
        return encode(element.tag(), element.content());
    }
}
