package org.activitycompletion.moodlews;

import java.util.List;
import java.util.Map;

/**
 * Moodle's REST output, byte for byte: PHP's json_encode for JSON, and the REST server's
 * RESPONSE / SINGLE / MULTIPLE / KEY / VALUE markup for XML. Values are maps (single
 * structures, keys in order), lists (multiple structures) and scalars.
 */
final class WsWriter {

    static final String XML_HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n";

    private WsWriter() {
    }

    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        writeJson(out, value);
        return out.toString();
    }

    static String xml(Object value) {
        StringBuilder out = new StringBuilder(XML_HEADER).append("<RESPONSE>\n");
        writeXml(out, value);
        return out.append("</RESPONSE>\n").toString();
    }

    static String jsonError(MoodleException e) {
        return "{\"exception\":" + json(e.exceptionClass()) + ",\"errorcode\":" + json(e.errorCode()) + ",\"message\":"
                + json(e.getMessage()) + "}";
    }

    static String xmlError(MoodleException e) {
        return XML_HEADER + "<EXCEPTION class=\"" + e.exceptionClass() + "\">\n"
                + "<ERRORCODE>" + escapeXml(e.errorCode()) + "</ERRORCODE>\n"
                + "<MESSAGE>" + escapeXml(e.getMessage()) + "</MESSAGE>\n"
                + "</EXCEPTION>\n";
    }

    private static void writeJson(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, e.getKey().toString());
                out.append(':');
                writeJson(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else {
            writeString(out, value.toString());
        }
    }

    /** PHP json_encode's default escaping: "/" as "\/", anything beyond ASCII as \\uXXXX. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void writeXml(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append("<SINGLE>\n");
            map.forEach((key, v) -> {
                out.append("<KEY name=\"").append(key).append("\">");
                writeXml(out, v);
                out.append("</KEY>\n");
            });
            out.append("</SINGLE>\n");
        } else if (value instanceof List<?> list) {
            out.append("<MULTIPLE>\n");
            list.forEach(v -> writeXml(out, v));
            out.append("</MULTIPLE>\n");
        } else if (value == null) {
            out.append("<VALUE null=\"null\"/>\n");
        } else if (value instanceof Boolean b) {
            out.append("<VALUE>").append(b ? 1 : 0).append("</VALUE>\n");
        } else {
            out.append("<VALUE>").append(escapeXml(value.toString())).append("</VALUE>\n");
        }
    }

    /**
     * PHP htmlspecialchars with ENT_COMPAT: &amp; &lt; &gt; &quot; (single quotes stay). Characters
     * XML 1.0 does not allow at all (control characters other than tab, line feed and carriage
     * return, U+FFFE, U+FFFF, unpaired surrogates) are dropped: no escape makes them legal, and one
     * of them in a stored name would make the whole document unreadable to every parser.
     */
    static String escapeXml(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (allowedInXml(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** XML 1.0's Char production, for one UTF-16 unit that is not part of a surrogate pair. */
    private static boolean allowedInXml(char c) {
        return c >= 0x20 ? !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
    }
}
