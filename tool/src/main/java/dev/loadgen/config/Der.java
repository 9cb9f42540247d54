package dev.loadgen.config;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough DER (X.690) to read a private key's algorithm and to wrap the older PEM key forms in PKCS#8: an element
 * is a tag byte, a length (one byte below 128, else {@code 0x80 | n} followed by n bytes, big-endian) and its value.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]}, constructed: the curve of a SEC1 key. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {
    }

    /** One element: its tag, and where its value lies in {@code data}. */
    record Element(int tag, byte[] data, int start, int end) {
        byte[] value() {
            return Arrays.copyOfRange(data, start, end);
        }

        /** The elements a constructed one (a SEQUENCE, a {@code [0]}) holds, in order. */
        List<Element> children() {
            List<Element> out = new ArrayList<>();
            int at = start;
            while (at < end) {
                Element e = read(data, at, end);
                out.add(e);
                at = e.end;
            }
            return out;
        }
    }

    /** The element at the start of {@code der}, which must fill it exactly. */
    static Element parse(byte[] der) {
        Element e = read(der, 0, der.length);
        if (e.end != der.length) {
            throw new IllegalArgumentException("bytes after the end of the DER structure");
        }
        return e;
    }

    private static Element read(byte[] data, int at, int limit) {
        if (at + 2 > limit) {
            throw new IllegalArgumentException("DER structure cut short");
        }
        int tag = data[at] & 0xFF;
        int first = data[at + 1] & 0xFF;
        int pos = at + 2;
        long length = first;
        if (first >= 0x80) {
            int n = first & 0x7F;
            if (n == 0 || n > 4 || pos + n > limit) {
                throw new IllegalArgumentException("bad DER length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (data[pos++] & 0xFF);
            }
        }
        if (pos + length > limit) {
            throw new IllegalArgumentException("DER structure cut short");
        }
        return new Element(tag, data, pos, (int) (pos + length));
    }

    /** An element of {@code tag} holding the concatenation of {@code parts}. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            value.writeBytes(p);
        }
        int n = value.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    /** An element as it was read: tag, length and value. */
    static byte[] encoded(Element e) {
        return encode(e.tag(), e.value());
    }
}
