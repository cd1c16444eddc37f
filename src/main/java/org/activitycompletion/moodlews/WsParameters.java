package org.activitycompletion.moodlews;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function's arguments as Moodle's REST server receives them: flat fields, with arrays in
 * PHP's {@code name[0][key]=value} form, read into nested maps, then checked the way
 * external_api::validate_parameters checks them (PARAM_INT, PARAM_BOOL, PARAM_TEXT; required
 * and unexpected keys).
 */
public final class WsParameters {

    private static final Pattern SEGMENT = Pattern.compile("\\[([^\\[\\]]*)\\]");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    private final Map<String, Object> values;

    private WsParameters(Map<String, Object> values) {
        this.values = values;
    }

    /** Builds the nested structure from raw fields (the protocol's own fields already removed). */
    public static WsParameters parse(Map<String, List<String>> fields) {
        Map<String, Object> root = new LinkedHashMap<>();
        fields.forEach((name, list) -> {
            if (list.isEmpty()) {
                return;
            }
            String value = list.get(list.size() - 1); // PHP keeps the last of repeated fields
            int bracket = name.indexOf('[');
            String head = bracket < 0 ? name : name.substring(0, bracket);
            if (head.isEmpty()) {
                throw MoodleException.invalidParameter();
            }
            if (bracket < 0) {
                root.put(head, value);
                return;
            }
            Map<String, Object> node = child(root, head);
            Matcher m = SEGMENT.matcher(name.substring(bracket));
            String last = null;
            int end = 0;
            while (m.find()) {
                if (m.start() != end) {
                    throw MoodleException.invalidParameter();
                }
                if (last != null) {
                    node = child(node, last);
                }
                last = m.group(1).isEmpty() ? String.valueOf(node.size()) : m.group(1);
                end = m.end();
            }
            if (last == null || end != name.length() - bracket) {
                throw MoodleException.invalidParameter();
            }
            node.put(last, value);
        });
        return new WsParameters(root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> node, String key) {
        Object existing = node.get(key);
        if (existing instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        if (existing != null) {
            throw MoodleException.invalidParameter();
        }
        Map<String, Object> created = new LinkedHashMap<>();
        node.put(key, created);
        return created;
    }

    /** Rejects keys the function does not declare ("Unexpected keys detected in parameter array"). */
    public WsParameters allow(String... keys) {
        Set<String> unexpected = new TreeSet<>(values.keySet());
        unexpected.removeAll(Set.of(keys));
        if (!unexpected.isEmpty()) {
            throw MoodleException.invalidParameter();
        }
        return this;
    }

    /** PARAM_INT, required. */
    public long requiredInt(String key) {
        Object value = values.get(key);
        if (!(value instanceof String text) || !INTEGER.matcher(text.strip()).matches()) {
            throw MoodleException.invalidParameter();
        }
        return Long.parseLong(text.strip());
    }

    /** PARAM_INT with a default. */
    public long optionalInt(String key, long defaultValue) {
        return values.containsKey(key) ? requiredInt(key) : defaultValue;
    }

    /** PARAM_BOOL: 1/0, true/false, yes/no, on/off, as PHP's clean_param accepts them. */
    public boolean requiredBool(String key) {
        Object value = values.get(key);
        if (!(value instanceof String text)) {
            throw MoodleException.invalidParameter();
        }
        return switch (text.strip().toLowerCase()) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off", "" -> false;
            default -> throw MoodleException.invalidParameter();
        };
    }

    /** PARAM_TEXT, required. */
    public String requiredText(String key) {
        Object value = values.get(key);
        if (!(value instanceof String text)) {
            throw MoodleException.invalidParameter();
        }
        return text;
    }

    /** An array parameter, if given (its contents are not interpreted). */
    public boolean isStructure(String key) {
        return !values.containsKey(key) || values.get(key) instanceof Map;
    }

    Map<String, Object> values() {
        return values;
    }
}
