package org.activitycompletion.graphql.fastpath;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Replaces: SmallRye's {@code ExecutionResponse.getExecutionResultAsString()} and its encoding to
 * UTF-8. Proven equal by: {@code JsonBytesTest} (every kind of value and escape, byte for byte),
 * {@code GraphQLPostTest} and {@code FastPathEquivalenceIT}.
 * <p>
 * Writes a GraphQL response as UTF-8 JSON in one pass, byte for byte what SmallRye writes
 * through JSON-P ({@code ExecutionResponse.getExecutionResultAsString()}, then the string's UTF-8
 * bytes): the same order, the same escapes (a quote, a backslash and the control characters,
 * which get {@code \b \f \n \r \t} or a backslash, {@code u} and four hex digits), numbers as
 * JSON-P prints them, and an unpaired surrogate as {@code ?}, as Java's encoder writes it.
 * <p>
 * SmallRye's way goes through a character buffer, a synchronized {@code StringBuffer}, a
 * {@code String} and its encoding into a second byte array, escaping character by character on
 * the way: a third of a report page's time. Result data comes as {@link JsonResult}'s views, which
 * are written from the maps and lists under them without making a JSON value per field;
 * leaves other than strings, booleans and {@code int}s are converted as {@link JsonResult#json}
 * converts them; lists {@link PlainExecution} wrote while completing them are appended as they
 * are. Other JSON-P values (the errors, the extensions) are written as they are.
 */
final class JsonBytes {

    private static final byte[] TRUE = { 't', 'r', 'u', 'e' };
    private static final byte[] FALSE = { 'f', 'a', 'l', 's', 'e' };
    private static final byte[] NULL = { 'n', 'u', 'l', 'l' };
    private static final byte[] HEX = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f' };

    /**
     * Strings written before in this answer, by hash, with where their bytes are: the names of
     * fields and the values of enums come back as the same instances thousands of times in a
     * long answer, and copying their bytes is cheaper than encoding them again.
     */
    private static final int SLOTS = 64;
    private static final int CACHED_LENGTH = 32;

    /**
     * The answer is written in chunks, handed to Netty as one composite buffer: nothing is copied
     * to grow it (one array grown by doubling was allocated about twice over, and copied).
     */
    private static final int FIRST_CHUNK = 2048;
    private static final int CHUNK = 16384;

    private byte[] bytes = new byte[FIRST_CHUNK];
    /** Where the current chunk's part of the answer starts in {@link #bytes} (after a fragment it is not 0). */
    private int start;
    private int size;
    /** The parts before the current chunk's, in order: the answer's earlier chunks and the fragments' parts. */
    private List<Part> parts;
    private final String[] written = new String[SLOTS];
    private final byte[][] writtenIn = new byte[SLOTS][];
    private final int[] writtenAt = new int[SLOTS];
    private final int[] writtenLength = new int[SLOTS];

    /** Bytes of the answer in an array: a chunk's part, or a part of a fragment's. */
    private record Part(byte[] array, int from, int to) {
        ByteBuf buffer() {
            return Unpooled.wrappedBuffer(array, from, to - from);
        }
    }

    /** The response as a buffer over the written bytes, not copied again. */
    static Buffer write(JsonObject response) {
        JsonBytes out = new JsonBytes();
        out.json(response);
        if (out.parts == null) {
            return Buffer.buffer(Unpooled.wrappedBuffer(out.bytes, out.start, out.size - out.start));
        }
        out.endPart();
        ByteBuf[] buffers = new ByteBuf[out.parts.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = out.parts.get(i).buffer();
        }
        return Buffer.buffer(Unpooled.wrappedBuffer(buffers.length, buffers));
    }

    /** One value's bytes, in an array of their length (for tests and bench/java). */
    static byte[] bytes(JsonValue value) {
        JsonBytes out = new JsonBytes();
        out.json(value);
        return out.toArray();
    }

    /** A string's bytes as JSON: quoted and escaped. */
    static byte[] encoded(String string) {
        byte[] out = new byte[string.length() * 6 + 2];
        return Arrays.copyOf(out, encode(string, out, 0));
    }

    private byte[] toArray() {
        if (parts == null) {
            return Arrays.copyOfRange(bytes, start, size);
        }
        endPart();
        ByteBuf all = Unpooled.buffer();
        parts.forEach(part -> all.writeBytes(part.array(), part.from(), part.to() - part.from()));
        return ByteBufUtil.getBytes(all);
    }

    /**
     * Writes the bytes another instance wrote (a fragment of the answer written ahead of it, as
     * {@link PlainExecution} writes lists), without copying them; the other instance is not
     * written to afterwards, and can be appended again.
     */
    void append(JsonBytes fragment) {
        endPart();
        if (fragment.parts != null) {
            parts.addAll(fragment.parts);
        }
        if (fragment.size > fragment.start) {
            parts.add(new Part(fragment.bytes, fragment.start, fragment.size));
        }
    }

    /** Closes the current chunk's part: what comes next is written after it, in the same chunk. */
    private void endPart() {
        if (parts == null) {
            parts = new ArrayList<>();
        }
        if (size > start) {
            parts.add(new Part(bytes, start, size));
        }
        start = size;
    }

    private void json(JsonValue value) {
        if (value instanceof JsonResult.ObjectView view) {
            data(view.data());
        } else if (value instanceof JsonResult.ArrayView view) {
            data(view.data());
        } else {
            switch (value.getValueType()) {
                case OBJECT -> {
                    byte separator = '{';
                    for (Map.Entry<String, JsonValue> entry : ((JsonObject) value).entrySet()) {
                        add(separator);
                        separator = ',';
                        string(entry.getKey());
                        add((byte) ':');
                        json(entry.getValue());
                    }
                    closeObject(separator);
                }
                case ARRAY -> {
                    byte separator = '[';
                    for (JsonValue element : (JsonArray) value) {
                        add(separator);
                        separator = ',';
                        json(element);
                    }
                    closeArray(separator);
                }
                case STRING -> string(((JsonString) value).getString());
                case NUMBER -> ascii(((JsonNumber) value).toString());
                case TRUE -> add(TRUE);
                case FALSE -> add(FALSE);
                case NULL -> add(NULL);
            }
        }
    }

    /** A value of graphql-java's result: the classes tested first are the ones results are made of. */
    void data(Object value) {
        if (value == null) {
            add(NULL);
        } else if (value instanceof String string) {
            string(string);
        } else if (value instanceof PlainExecution.ResultObject object) {
            byte separator = '{';
            for (int i = 0; i < object.size(); i++) {
                add(separator);
                separator = ',';
                string(object.key(i));
                add((byte) ':');
                data(object.value(i));
            }
            closeObject(separator);
        } else if (value instanceof ArrayList<?> list) {
            byte separator = '[';
            for (int i = 0, n = list.size(); i < n; i++) {
                add(separator);
                separator = ',';
                data(list.get(i));
            }
            closeArray(separator);
        } else if (value instanceof PlainExecution.WrittenList written) {
            append(written.json());
        } else if (value instanceof Boolean bool) {
            add(bool ? TRUE : FALSE);
        } else if (value instanceof Integer number) {
            ascii(number.toString());
        } else if (value instanceof Map<?, ?> map) {
            byte separator = '{';
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                add(separator);
                separator = ',';
                string(String.valueOf(entry.getKey()));
                add((byte) ':');
                data(entry.getValue());
            }
            closeObject(separator);
        } else if (value instanceof Collection<?> collection) {
            byte separator = '[';
            for (Object element : collection) {
                add(separator);
                separator = ',';
                data(element);
            }
            closeArray(separator);
        } else {
            json(JsonResult.json(value));
        }
    }

    private void closeObject(byte separator) {
        if (separator == '{') {
            add(separator);
        }
        add((byte) '}');
    }

    private void closeArray(byte separator) {
        if (separator == '[') {
            add(separator);
        }
        add((byte) ']');
    }

    private void string(String string) {
        int length = string.length();
        if (length > CACHED_LENGTH) {
            encode(string);
            return;
        }
        int slot = string.hashCode() & (SLOTS - 1);
        if (written[slot] == string) {
            int bytesLength = writtenLength[slot];
            ensure(bytesLength);
            System.arraycopy(writtenIn[slot], writtenAt[slot], bytes, size, bytesLength);
            size += bytesLength;
        } else {
            ensure(length * 6 + 2); // before taking the position: the string is then written in this chunk
            int from = size;
            encode(string);
            written[slot] = string;
            writtenIn[slot] = bytes;
            writtenAt[slot] = from;
            writtenLength[slot] = size - from;
        }
    }

    private void encode(String string) {
        ensure(string.length() * 6 + 2); // the longest a character can get: an escape of six, or 3 bytes (a pair: 4 for 2)
        size = encode(string, bytes, size);
    }

    /** Writes the string as JSON at the position, where there is room for six bytes a character and two; returns the end. */
    private static int encode(String string, byte[] out, int at) {
        int length = string.length();
        out[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = string.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out[at++] = (byte) c;
            } else if (c < 0x20 || c == '"' || c == '\\') {
                out[at++] = '\\';
                switch (c) {
                    case '"', '\\' -> out[at++] = (byte) c;
                    case '\b' -> out[at++] = 'b';
                    case '\f' -> out[at++] = 'f';
                    case '\n' -> out[at++] = 'n';
                    case '\r' -> out[at++] = 'r';
                    case '\t' -> out[at++] = 't';
                    default -> {
                        out[at++] = 'u';
                        out[at++] = '0';
                        out[at++] = '0';
                        out[at++] = HEX[c >> 4];
                        out[at++] = HEX[c & 0xf];
                    }
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                out[at++] = (byte) (0xe0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3f);
                out[at++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(string.charAt(i + 1))) {
                int point = Character.toCodePoint(c, string.charAt(++i));
                out[at++] = (byte) (0xf0 | point >> 18);
                out[at++] = (byte) (0x80 | point >> 12 & 0x3f);
                out[at++] = (byte) (0x80 | point >> 6 & 0x3f);
                out[at++] = (byte) (0x80 | point & 0x3f);
            } else {
                out[at++] = '?';
            }
        }
        out[at++] = '"';
        return at;
    }

    /** Text known to be ASCII: numbers as Java and JSON-P print them. */
    private void ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    void nullValue() {
        add(NULL);
    }

    void add(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void add(byte[] literal) {
        ensure(literal.length);
        System.arraycopy(literal, 0, bytes, size, literal.length);
        size += literal.length;
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            endPart();
            bytes = new byte[Math.max(CHUNK, more)];
            start = 0;
            size = 0;
        }
    }
}
