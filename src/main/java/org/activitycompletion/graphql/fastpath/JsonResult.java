package org.activitycompletion.graphql.fastpath;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.smallrye.graphql.execution.ExecutionResponse;

/**
 * Replaces: SmallRye's conversion of the whole result into JSON-P objects before writing it
 * ({@code ExecutionResponse}). Proven equal by: {@code JsonResultTest} (the views against SmallRye's
 * conversion, written by JSON-P), {@code GraphQLPostTest} and {@code FastPathEquivalenceIT}.
 * <p>
 * Hands SmallRye the result data as JSON-P values that read graphql-java's result maps and lists
 * in place, instead of letting it copy them.
 * <p>
 * SmallRye writes a response by first converting the whole result into JSON-P objects, one
 * builder and hash map per result object, and then writing those: a sixth of a report page's
 * time. Data that is already a {@link JsonValue} it takes as it is, so this instrumentation,
 * last in the chain, replaces the data with {@link ObjectView}, which the JSON-P writer walks
 * directly. Leaves are converted as SmallRye converts them; a value of any other type (none of
 * our scalars) goes through SmallRye's own conversion, so the bytes written stay the same.
 * {@link GraphQLPost}'s answers are written by {@link JsonBytes}, which reads the data under the
 * views; what goes to Quarkus' handler (and subscriptions) is written by JSON-P through them.
 */
final class JsonResult extends SimplePerformantInstrumentation {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (result.isDataPresent() && result.getData() instanceof Map<?, ?> data) {
            return CompletableFuture.completedFuture(result.transform(b -> b.data(new ObjectView(data))));
        }
        return CompletableFuture.completedFuture(result);
    }

    /** A result value as JSON: maps and collections as views, leaves as SmallRye converts them. */
    static JsonValue json(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        } else if (value instanceof String string) {
            return JSON.createValue(string);
        } else if (value instanceof PlainExecution.ResultObject object) { // classes before interfaces: see ListOf
            return new ObjectView(object);
        } else if (value instanceof ArrayList<?> list) {
            return new ArrayView(list);
        } else if (value instanceof Map<?, ?> map) {
            return new ObjectView(map);
        } else if (value instanceof List<?> list) {
            return new ArrayView(list);
        } else if (value instanceof Collection<?> collection) {
            return new ArrayView(new ArrayList<>(collection));
        } else if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return JSON.createValue(((Number) value).intValue());
        } else if (value instanceof Long number) {
            return JSON.createValue(number);
        } else if (value instanceof Double number) {
            return JSON.createValue(number.doubleValue());
        } else if (value instanceof BigDecimal number) {
            return JSON.createValue(number);
        } else if (value instanceof BigInteger number) {
            return JSON.createValue(number);
        } else if (value instanceof Enum<?> constant) {
            return JSON.createValue(constant.name());
        } else if (value instanceof JsonValue json) {
            return json;
        }
        // Float, or a type no scalar of ours produces: exactly as SmallRye would write it.
        ExecutionResult single = ExecutionResultImpl.newExecutionResult().data(List.of(value)).build();
        return new ExecutionResponse(single).getExecutionResultAsJsonObject().getJsonArray("data").get(0);
    }

    /** A view's JSON text, as {@link JsonBytes} writes answers. */
    private static String write(JsonValue value) {
        return new String(JsonBytes.bytes(value), StandardCharsets.UTF_8);
    }

    /** A result object (graphql-java's map of response keys to values) as a JSON object. */
    static final class ObjectView extends AbstractMap<String, JsonValue> implements JsonObject {
        private final Map<?, ?> data;

        ObjectView(Map<?, ?> data) {
            this.data = data;
        }

        /** The result map under the view, for {@link JsonBytes}. */
        Map<?, ?> data() {
            return data;
        }

        @Override
        public Set<Entry<String, JsonValue>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonValue>> iterator() {
                    if (data instanceof PlainExecution.ResultObject object) {
                        return byPosition(object);
                    }
                    Iterator<? extends Entry<?, ?>> entries = data.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return entries.hasNext();
                        }

                        @Override
                        public Entry<String, JsonValue> next() {
                            Entry<?, ?> entry = entries.next();
                            return new SimpleImmutableEntry<>(String.valueOf(entry.getKey()), json(entry.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return data.size();
                }
            };
        }

        /** The fields of an object completed by {@link PlainExecution}, without its map entries. */
        private static Iterator<Entry<String, JsonValue>> byPosition(PlainExecution.ResultObject object) {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < object.size();
                }

                @Override
                public Entry<String, JsonValue> next() {
                    if (next >= object.size()) {
                        throw new NoSuchElementException();
                    }
                    int index = next++;
                    return new SimpleImmutableEntry<>(object.key(index), json(object.value(index)));
                }
            };
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public boolean containsKey(Object key) {
            return data.containsKey(key);
        }

        @Override
        public JsonValue get(Object key) {
            return data.containsKey(key) ? json(data.get(key)) : null;
        }

        @Override
        public ValueType getValueType() {
            return ValueType.OBJECT;
        }

        @Override
        public JsonArray getJsonArray(String name) {
            return (JsonArray) get(name);
        }

        @Override
        public JsonObject getJsonObject(String name) {
            return (JsonObject) get(name);
        }

        @Override
        public JsonNumber getJsonNumber(String name) {
            return (JsonNumber) get(name);
        }

        @Override
        public JsonString getJsonString(String name) {
            return (JsonString) get(name);
        }

        @Override
        public String getString(String name) {
            return getJsonString(name).getString();
        }

        @Override
        public String getString(String name, String defaultValue) {
            return get(name) instanceof JsonString string ? string.getString() : defaultValue;
        }

        @Override
        public int getInt(String name) {
            return getJsonNumber(name).intValue();
        }

        @Override
        public int getInt(String name, int defaultValue) {
            return get(name) instanceof JsonNumber number ? number.intValue() : defaultValue;
        }

        @Override
        public boolean getBoolean(String name) {
            JsonValue value = get(name);
            if (value == null) {
                throw new NullPointerException(name);
            }
            return bool(value);
        }

        @Override
        public boolean getBoolean(String name, boolean defaultValue) {
            JsonValue value = get(name);
            return value == JsonValue.TRUE || value == JsonValue.FALSE ? value == JsonValue.TRUE : defaultValue;
        }

        @Override
        public boolean isNull(String name) {
            JsonValue value = get(name);
            if (value == null) {
                throw new NullPointerException(name);
            }
            return value == JsonValue.NULL;
        }

        @Override
        public String toString() {
            return write(this);
        }
    }

    /** A result list as a JSON array. */
    static final class ArrayView extends AbstractList<JsonValue> implements JsonArray {
        private final List<?> data;

        ArrayView(List<?> data) {
            this.data = data;
        }

        /** The result list under the view, for {@link JsonBytes}. */
        List<?> data() {
            return data;
        }

        @Override
        public JsonValue get(int index) {
            return json(data.get(index));
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public ValueType getValueType() {
            return ValueType.ARRAY;
        }

        @Override
        public JsonObject getJsonObject(int index) {
            return (JsonObject) get(index);
        }

        @Override
        public JsonArray getJsonArray(int index) {
            return (JsonArray) get(index);
        }

        @Override
        public JsonNumber getJsonNumber(int index) {
            return (JsonNumber) get(index);
        }

        @Override
        public JsonString getJsonString(int index) {
            return (JsonString) get(index);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends JsonValue> List<T> getValuesAs(Class<T> type) {
            return (List<T>) this;
        }

        @Override
        public String getString(int index) {
            return getJsonString(index).getString();
        }

        @Override
        public String getString(int index, String defaultValue) {
            return index >= 0 && index < size() && get(index) instanceof JsonString string ? string.getString()
                    : defaultValue;
        }

        @Override
        public int getInt(int index) {
            return getJsonNumber(index).intValue();
        }

        @Override
        public int getInt(int index, int defaultValue) {
            return index >= 0 && index < size() && get(index) instanceof JsonNumber number ? number.intValue()
                    : defaultValue;
        }

        @Override
        public boolean getBoolean(int index) {
            return bool(get(index));
        }

        @Override
        public boolean getBoolean(int index, boolean defaultValue) {
            if (index < 0 || index >= size()) {
                return defaultValue;
            }
            JsonValue value = get(index);
            return value == JsonValue.TRUE || value == JsonValue.FALSE ? value == JsonValue.TRUE : defaultValue;
        }

        @Override
        public boolean isNull(int index) {
            return get(index) == JsonValue.NULL;
        }

        @Override
        public String toString() {
            return write(this);
        }
    }

    private static boolean bool(JsonValue value) {
        if (value == JsonValue.TRUE) {
            return true;
        } else if (value == JsonValue.FALSE) {
            return false;
        }
        throw new ClassCastException(value.getValueType() + " is not a boolean");
    }
}
