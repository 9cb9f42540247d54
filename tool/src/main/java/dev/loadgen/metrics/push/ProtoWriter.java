package dev.loadgen.metrics.push;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, as much of it as remote write's few messages need: varints, doubles, strings
 * and nested messages. A field is a key (field number {@code << 3 |} wire type) followed by its value; a
 * string or a nested message is wire type 2, its length as a varint, then its bytes. Nested messages are
 * written into their own writer first, so their length is known.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH = 2;

    private byte[] buf = new byte[256];
    private int size;

    ProtoWriter varint(int field, long value) {
        key(field, VARINT);
        raw(value);
        return this;
    }

    ProtoWriter fixedDouble(int field, double value) {
        key(field, FIXED64);
        long bits = Double.doubleToRawLongBits(value);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (bits >>> (8 * i));
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8), -1);
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.buf, nested.size);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private ProtoWriter bytes(int field, byte[] b, int length) {
        int n = length < 0 ? b.length : length;
        key(field, LENGTH);
        raw(n);
        ensure(n);
        System.arraycopy(b, 0, buf, size, n);
        size += n;
        return this;
    }

    private void key(int field, int wireType) {
        raw((long) field << 3 | wireType);
    }

    private void raw(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7fL) != 0) {
            buf[size++] = (byte) (v & 0x7f | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
