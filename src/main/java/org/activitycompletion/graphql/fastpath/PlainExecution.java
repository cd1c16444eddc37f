package org.activitycompletion.graphql.fastpath;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import graphql.GraphQLContext;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherResult;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DefaultValueUnboxer;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldCollectorParameters;
import graphql.execution.FieldValueInfo;
import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.execution.ResultNodesInfo;
import graphql.execution.ValueUnboxer;
import graphql.introspection.Introspection;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * Replaces: graphql-java's {@link AsyncExecutionStrategy} completing every object of a list on its
 * own, for lists of plain objects. Proven equal by: {@code PlainExecutionTest} (data and bytes
 * against graphql-java's for every kind of field, null and failure), the API test suites run with
 * the fast path on and off, and {@code FastPathEquivalenceIT}.
 * <p>
 * graphql-java's query execution with one shortcut: a list of objects whose selected fields are
 * all plain properties ({@link PlainFields}), down to the leaves, is completed in one pass.
 * <p>
 * graphql-java completes every object of a result on its own: it collects the object's selected
 * fields again, builds parameters, a path and a step description for the object and for each of
 * its fields, asks the data-loader dispatcher (under a lock) and the instrumentation at every
 * field. For a report page that is 5,000 completion objects of the same type with the same
 * selection. Here the selection of such a list is collected once into a {@link Plan}, and every
 * object of the list is read through it: the accessor, graphql-java's value unboxer and the
 * scalar's or enum's serialization, as graphql-java would apply them. When the answer is written
 * by {@link JsonBytes} ({@link GraphQLPost} says so), the list is written as JSON in the same pass
 * instead of being made into result objects that would be walked again ({@link WrittenList}).
 * <p>
 * The shortcut is taken only when nothing can tell the difference: every instrumentation acts on
 * whole documents ({@link DocumentLevel}), there is no {@code @defer} support and no
 * result-node limit in play, and every selected field is read by a {@link PlainFields} accessor
 * that needs no environment (or is {@code __typename}). A list whose objects cannot be read that
 * way (a value of the wrong kind, a null where the schema promises a value, a failing accessor or
 * serialization) is completed again by graphql-java, which reports it as it always does; the
 * accessors only read immutable values, so reading twice changes nothing.
 */
class PlainExecution extends AsyncExecutionStrategy {

    /** Marks a value that the shortcut cannot complete; graphql-java then completes the list. */
    private static final Object CANNOT = new Object();

    PlainExecution(DataFetcherExceptionHandler exceptionHandler) {
        super(exceptionHandler);
    }

    @Override
    protected FieldValueInfo completeValueForList(ExecutionContext context, ExecutionStrategyParameters parameters,
            Iterable<Object> values) {
        if (applies(context) && parameters.getExecutionStepInfo().getUnwrappedNonNullType() instanceof GraphQLList list) {
            ListOf plan = plan(context, list, parameters.getField());
            if (plan != null) {
                Reading reading = new Reading(context);
                Object completed;
                if (Boolean.TRUE.equals(context.getGraphQLContext().get(WRITTEN_AS_BYTES))) {
                    JsonBytes json = new JsonBytes();
                    completed = plan.writeNonNull(values, reading, json) ? new WrittenList(json, plan, values, reading) : CANNOT;
                } else {
                    completed = plan.completeNonNull(values, reading);
                }
                if (completed != CANNOT) {
                    return new FieldValueInfo(FieldValueInfo.CompleteValueType.LIST, completed, List.of());
                }
            }
        }
        return super.completeValueForList(context, parameters, values);
    }

    /**
     * The key of the GraphQL context under which {@link GraphQLPost} says that it writes the answer
     * with {@link JsonBytes}: such lists are then written as they are completed ({@link WrittenList}).
     */
    static final String WRITTEN_AS_BYTES = PlainExecution.class.getName() + ".writtenAsBytes";

    private static boolean applies(ExecutionContext context) {
        return context.getInstrumentation() instanceof DocumentLevel && !context.hasIncrementalSupport()
                && context.getGraphQLContext().get(ResultNodesInfo.MAX_RESULT_NODES) == null;
    }

    /**
     * The plan for a list of objects (not of scalars, which graphql-java completes cheaply, nor of
     * interfaces or unions, whose objects could differ), or null when the shortcut does not apply.
     */
    private ListOf plan(ExecutionContext context, GraphQLList list, MergedField field) {
        GraphQLType element = list.getWrappedType();
        if (!(GraphQLTypeUtil.unwrapNonNull(element) instanceof GraphQLObjectType)) {
            return null;
        }
        Plan plan = plan(context, element, field);
        return plan == null ? null : new ListOf(false, plan);
    }

    private Plan plan(ExecutionContext context, GraphQLType type, MergedField field) {
        boolean nonNull = GraphQLTypeUtil.isNonNull(type);
        GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
        if (unwrapped instanceof GraphQLScalarType scalar) {
            return Leaf.scalar(nonNull, scalar);
        }
        if (unwrapped instanceof GraphQLEnumType enumType) {
            return Leaf.enumeration(nonNull, enumType);
        }
        if (unwrapped instanceof GraphQLList list) {
            Plan element = plan(context, list.getWrappedType(), field);
            return element == null ? null : new ListOf(nonNull, element);
        }
        if (unwrapped instanceof GraphQLObjectType objectType) {
            return object(context, nonNull, objectType, field);
        }
        return null; // interfaces and unions
    }

    private Plan object(ExecutionContext context, boolean nonNull, GraphQLObjectType type, MergedField field) {
        FieldCollectorParameters collecting = FieldCollectorParameters.newParameters()
                .schema(context.getGraphQLSchema())
                .objectType(type)
                .fragments(context.getFragmentsByName())
                .variables(context.getCoercedVariables().toMap())
                .graphQLContext(context.getGraphQLContext())
                .build();
        MergedSelectionSet selection = fieldCollector.collectFields(collecting, field, false);
        GraphQLCodeRegistry registry = context.getGraphQLSchema().getCodeRegistry();
        List<String> keys = selection.getKeys();
        String[] names = keys.toArray(String[]::new);
        PlainFields.Accessor<?>[] accessors = new PlainFields.Accessor<?>[names.length];
        Plan[] plans = new Plan[names.length];
        for (int i = 0; i < names.length; i++) {
            MergedField sub = selection.getSubField(names[i]);
            if (sub.getName().equals(Introspection.TypeNameMetaFieldDef.getName())) {
                plans[i] = new TypeName(type.getName());
                continue;
            }
            GraphQLFieldDefinition definition = type.getFieldDefinition(sub.getName());
            if (definition == null || !(registry.getDataFetcher(type, definition) instanceof PlainFields.Accessor<?> accessor)
                    || !accessor.readsDirectly()) {
                return null;
            }
            GraphQLOutputType fieldType = definition.getType();
            Plan plan = plan(context, fieldType, sub);
            if (plan == null) {
                return null;
            }
            accessors[i] = accessor;
            plans[i] = plan;
        }
        return new ObjectOf(nonNull, names, accessors, plans);
    }

    /** What completing a value needs from the execution. */
    private record Reading(GraphQLContext context, Locale locale, ValueUnboxer unboxer) {
        Reading(ExecutionContext execution) {
            this(execution.getGraphQLContext(), execution.getLocale(), execution.getValueUnboxer());
        }
    }

    /** How to complete a value of one place of the result, or {@link #CANNOT}. */
    private abstract static class Plan {
        private final boolean nonNull;
        /**
         * A class whose values this plan met as they are: not a result or a promise, and left alone
         * by graphql-java's default unboxer, both of which depend on the class alone. A list's values
         * are mostly of one class, and on JDK 17 these checks per value were a sixth of a report page.
         */
        private Class<?> plain;

        Plan(boolean nonNull) {
            this.nonNull = nonNull;
        }

        final boolean isNonNull() {
            return nonNull;
        }

        final Object complete(Object value, Reading reading) {
            Object unboxed = value != null && value.getClass() == plain ? value : unbox(value, reading);
            if (unboxed == CANNOT) {
                return CANNOT;
            }
            if (unboxed == null) {
                return nonNull ? CANNOT : null;
            }
            Object completed = completeNonNull(unboxed, reading);
            return completed == null && nonNull ? CANNOT : completed;
        }

        /** Writes the value as {@link #complete} would complete it, then {@link JsonBytes} write it; false for {@link #CANNOT}. */
        final boolean write(Object value, Reading reading, JsonBytes out) {
            Object unboxed = value != null && value.getClass() == plain ? value : unbox(value, reading);
            if (unboxed == CANNOT) {
                return false;
            }
            if (unboxed == null) {
                if (nonNull) {
                    return false;
                }
                out.nullValue();
                return true;
            }
            return writeNonNull(unboxed, reading, out);
        }

        private Object unbox(Object value, Reading reading) {
            if (value instanceof DataFetcherResult<?> || value instanceof CompletionStage<?>) {
                return CANNOT; // errors, extensions or later values: graphql-java's business
            }
            Object unboxed = reading.unboxer().unbox(value);
            if (unboxed == value && value != null && reading.unboxer().getClass() == DefaultValueUnboxer.class) {
                plain = value.getClass();
            }
            return unboxed;
        }

        abstract Object completeNonNull(Object value, Reading reading);

        abstract boolean writeNonNull(Object value, Reading reading, JsonBytes out);
    }

    /**
     * A scalar or enum value, serialized as graphql-java serializes it. graphql-java looks an enum
     * value up among the type's values one by one, so for an enum type the name found for each
     * constant of the first Java enum met is kept, by ordinal, for the rest of the list.
     */
    private static final class Leaf extends Plan {
        /** A scalar's coercing or an enum type's serialization. */
        private interface Serialization {
            Object serialize(Object value, GraphQLContext context, Locale locale) throws CoercingSerializeException;
        }

        private final Serialization serialization;
        private final boolean enumeration;
        private Class<?> constantsOf;
        private Object[] names;
        /** The names' JSON, by ordinal, as {@link JsonBytes} writes a string. */
        private byte[][] written;

        private Leaf(boolean nonNull, Serialization serialization, boolean enumeration) {
            super(nonNull);
            this.serialization = serialization;
            this.enumeration = enumeration;
        }

        static Leaf scalar(boolean nonNull, GraphQLScalarType type) {
            return new Leaf(nonNull, type.getCoercing()::serialize, false);
        }

        static Leaf enumeration(boolean nonNull, GraphQLEnumType type) {
            return new Leaf(nonNull, type::serialize, true);
        }

        @Override
        Object completeNonNull(Object value, Reading reading) {
            if (!enumeration || !(value instanceof Enum<?> constant)) {
                return serialize(value, reading);
            }
            if (constantsOf == null) {
                constantsOf = constant.getDeclaringClass();
                names = new Object[constantsOf.getEnumConstants().length];
            } else if (constant.getDeclaringClass() != constantsOf) {
                return serialize(value, reading);
            }
            Object name = names[constant.ordinal()];
            if (name == null) {
                name = serialize(value, reading);
                if (name != CANNOT) {
                    names[constant.ordinal()] = name;
                }
            }
            return name;
        }

        @Override
        boolean writeNonNull(Object value, Reading reading, JsonBytes out) {
            Object name = completeNonNull(value, reading);
            if (name == CANNOT || name == null && isNonNull()) {
                return false;
            }
            if (value instanceof Enum<?> constant && constant.getDeclaringClass() == constantsOf && name instanceof String string) {
                if (written == null) {
                    written = new byte[names.length][];
                }
                byte[] bytes = written[constant.ordinal()];
                if (bytes == null) {
                    bytes = written[constant.ordinal()] = JsonBytes.encoded(string);
                }
                out.add(bytes);
            } else {
                out.data(name);
            }
            return true;
        }

        private Object serialize(Object value, Reading reading) {
            try {
                return serialization.serialize(value, reading.context(), reading.locale());
            } catch (CoercingSerializeException e) {
                return CANNOT;
            }
        }
    }

    /** {@code __typename}: the name of the object's type. */
    private static final class TypeName extends Plan {
        private final String name;

        TypeName(String name) {
            super(true);
            this.name = name;
        }

        @Override
        Object completeNonNull(Object value, Reading reading) {
            return name;
        }

        @Override
        boolean writeNonNull(Object value, Reading reading, JsonBytes out) {
            out.data(name);
            return true;
        }
    }

    private static final class ListOf extends Plan {
        private final Plan element;

        ListOf(boolean nonNull, Plan element) {
            super(nonNull);
            this.element = element;
        }

        @Override
        boolean writeNonNull(Object value, Reading reading, JsonBytes out) {
            Iterable<?> values = iterable(value);
            if (values == null) {
                return false;
            }
            byte separator = '[';
            for (Object item : values) {
                out.add(separator);
                separator = ',';
                if (!element.write(item, reading, out)) {
                    return false;
                }
            }
            if (separator == '[') {
                out.add(separator);
            }
            out.add((byte) ']');
            return true;
        }

        private static Iterable<?> iterable(Object value) {
            if (value instanceof Iterable<?> iterable) {
                return iterable;
            }
            return value instanceof Object[] array ? Arrays.asList(array) : null;
        }

        @Override
        Object completeNonNull(Object value, Reading reading) {
            Iterable<?> values = iterable(value);
            if (values == null) {
                return CANNOT;
            }
            // graphql-java asks a list whether it is an Iterable; asking it for another interface as
            // well (Collection, for the size) made JDK 17 update the class's one-entry cache of
            // interface checks every time, from every thread: a class test instead.
            List<Object> completed = new ArrayList<>(values instanceof ArrayList<?> list ? list.size() : 10);
            for (Object item : values) {
                Object one = element.complete(item, reading);
                if (one == CANNOT) {
                    return CANNOT;
                }
                completed.add(one);
            }
            return completed;
        }
    }

    private static final class ObjectOf extends Plan {
        private final String[] keys;
        private final PlainFields.Accessor<?>[] accessors;
        private final Plan[] plans;

        /** Each key's JSON with what comes before it (the opening brace or a comma) and the colon after it. */
        private final byte[][] writtenKeys;

        ObjectOf(boolean nonNull, String[] keys, PlainFields.Accessor<?>[] accessors, Plan[] plans) {
            super(nonNull);
            this.keys = keys;
            this.accessors = accessors;
            this.plans = plans;
            writtenKeys = new byte[keys.length][];
            for (int i = 0; i < keys.length; i++) {
                byte[] key = JsonBytes.encoded(keys[i]);
                byte[] written = new byte[key.length + 2];
                written[0] = (byte) (i == 0 ? '{' : ',');
                System.arraycopy(key, 0, written, 1, key.length);
                written[written.length - 1] = ':';
                writtenKeys[i] = written;
            }
        }

        /** The value of the i-th selected field of the source, or {@link #CANNOT} when its accessor fails. */
        private Object read(int i, Object source) {
            try {
                return accessors[i] == null ? source : accessors[i].read(source);
            } catch (Exception e) {
                return CANNOT;
            }
        }

        @Override
        boolean writeNonNull(Object source, Reading reading, JsonBytes out) {
            for (int i = 0; i < keys.length; i++) {
                Object value = read(i, source);
                if (value == CANNOT) {
                    return false;
                }
                out.add(writtenKeys[i]);
                if (!plans[i].write(value, reading, out)) {
                    return false;
                }
            }
            if (keys.length == 0) {
                out.add((byte) '{');
            }
            out.add((byte) '}');
            return true;
        }

        @Override
        Object completeNonNull(Object source, Reading reading) {
            Object[] values = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                Object value = read(i, source);
                if (value == CANNOT) {
                    return CANNOT;
                }
                Object one = plans[i].complete(value, reading);
                if (one == CANNOT) {
                    return CANNOT;
                }
                values[i] = one;
            }
            return new ResultObject(keys, values);
        }
    }

    /**
     * A completed list written as JSON while it was completed, for an answer {@link JsonBytes}
     * writes: it appends these bytes instead of walking result objects made for it. Anything else
     * that reads the result reads it as the list {@link ListOf#completeNonNull} makes, completed
     * again from the same values on the first read (the accessors read immutable values).
     */
    static final class WrittenList extends AbstractList<Object> {
        private final JsonBytes json;
        private final ListOf plan;
        private final Iterable<Object> values;
        private final Reading reading;
        private List<?> elements;

        WrittenList(JsonBytes json, ListOf plan, Iterable<Object> values, Reading reading) {
            this.json = json;
            this.plan = plan;
            this.values = values;
            this.reading = reading;
        }

        JsonBytes json() {
            return json;
        }

        private List<?> elements() {
            if (elements == null) {
                Object completed = plan.completeNonNull(values, reading);
                if (!(completed instanceof List<?> list)) {
                    throw new IllegalStateException("A list written before could not be completed again");
                }
                elements = list;
            }
            return elements;
        }

        @Override
        public Object get(int index) {
            return elements().get(index);
        }

        @Override
        public int size() {
            return elements().size();
        }
    }

    /**
     * A completed object of the result: the selection's keys (one array for the whole list) and
     * this object's values, in the selection's order. Where graphql-java gives a
     * {@code LinkedHashMap} (a table and an entry per field), this is two references; read-only,
     * as graphql-java's result maps are to everything downstream. {@link JsonResult} reads it by
     * position.
     */
    static final class ResultObject extends AbstractMap<String, Object> {
        private final String[] keys;
        private final Object[] values;

        ResultObject(String[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
        }

        String key(int index) {
            return keys[index];
        }

        Object value(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public Object get(Object key) {
            int index = indexOf(key);
            return index < 0 ? null : values[index];
        }

        private int indexOf(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int index = next++;
                            return new SimpleImmutableEntry<>(keys[index], values[index]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }
}
