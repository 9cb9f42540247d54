package dev.loadgen.metrics.push;

import java.util.Arrays;

/**
 * Snappy block compression, the encoding remote write requires. Written here because the Java libraries
 * for it make the JVM print warnings on JDK 24 and later (aircompressor 2 calls {@code sun.misc.Unsafe},
 * snappy-java loads a native library through JNI), and a compressor is short.
 *
 * <p>The block format: the uncompressed length as a varint, then elements. A literal is a tag byte
 * {@code (n-1)<<2} for n up to 60 bytes, or {@code 60..63<<2} followed by n-1 in 1 to 4 little-endian bytes,
 * then the bytes themselves. A copy with a two-byte offset is the tag {@code (len-1)<<2 | 2} (len 1 to 64)
 * followed by the offset, little-endian: "repeat len bytes from offset bytes back", the two ranges
 * possibly overlapping. Input is cut in 64 KiB fragments, so every offset fits two bytes.
 *
 * <p>Matches are found greedily: each position's next four bytes are hashed into a table of the last
 * position that had the same hash; when those four bytes really are equal, the match is extended as far as
 * it goes and emitted as copies. Less thorough than the reference (no skipping ahead over incompressible
 * data), it still finds the repeats that dominate a remote-write request: metric and label names.
 */
final class Snappy {
    private static final int FRAGMENT = 1 << 16;
    private static final int HASH_BITS = 14;

    private Snappy() {}

    static byte[] compress(byte[] in) {
        byte[] out = new byte[32 + in.length + in.length / 6];
        int o = varint(out, 0, in.length);
        int[] table = new int[1 << HASH_BITS];
        Arrays.fill(table, -1);
        for (int start = 0; start < in.length; start += FRAGMENT) {
            o = fragment(in, start, Math.min(in.length, start + FRAGMENT), table, out, o);
        }
        return Arrays.copyOf(out, o);
    }

    private static int fragment(byte[] in, int start, int end, int[] table, byte[] out, int o) {
        int literal = start;
        int i = start;
        while (i + 4 <= end) {
            int v = int32(in, i);
            int h = (v * 0x1e35a7bd) >>> (32 - HASH_BITS);
            int candidate = table[h];
            table[h] = i;
            // a candidate before this fragment is from an earlier one: its offset could exceed two bytes
            if (candidate >= start && int32(in, candidate) == v) {
                o = literal(in, literal, i - literal, out, o);
                int length = 4;
                while (i + length < end && in[candidate + length] == in[i + length]) {
                    length++;
                }
                o = copy(i - candidate, length, out, o);
                i += length;
                literal = i;
            } else {
                i++;
            }
        }
        return literal(in, literal, end - literal, out, o);
    }

    private static int literal(byte[] in, int from, int n, byte[] out, int o) {
        if (n == 0) {
            return o;
        }
        int m = n - 1;
        if (m < 60) {
            out[o++] = (byte) (m << 2);
        } else {
            int bytes = m < 1 << 8 ? 1 : m < 1 << 16 ? 2 : m < 1 << 24 ? 3 : 4;
            out[o++] = (byte) ((59 + bytes) << 2);
            for (int b = 0; b < bytes; b++) {
                out[o++] = (byte) (m >>> (8 * b));
            }
        }
        System.arraycopy(in, from, out, o, n);
        return o + n;
    }

    private static int copy(int offset, int length, byte[] out, int o) {
        for (int left = length; left > 0; ) {
            int n = Math.min(left, 64);
            out[o++] = (byte) ((n - 1) << 2 | 2);
            out[o++] = (byte) offset;
            out[o++] = (byte) (offset >>> 8);
            left -= n;
        }
        return o;
    }

    private static int varint(byte[] out, int o, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out[o++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        out[o++] = (byte) v;
        return o;
    }

    private static int int32(byte[] b, int i) {
        return b[i] & 0xff | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
