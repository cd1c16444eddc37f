package org.activitycompletion.graphql.fastpath;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Supplier;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import io.smallrye.graphql.execution.Classes;
import io.smallrye.graphql.execution.datafetcher.PlugableDataFetcher;
import io.smallrye.graphql.execution.datafetcher.helper.FieldHelper;
import io.smallrye.graphql.schema.model.Field;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.ReferenceType;
import io.smallrye.graphql.schema.model.Type;
import io.smallrye.graphql.spi.ClassloadingService;
import io.smallrye.graphql.spi.DataFetcherService;

/**
 * Replaces: SmallRye's {@code FieldDataFetcher} for the properties of our output types. Proven
 * equal by: {@code PlainExecutionTest}, the API test suites run with the fast path on and off, and
 * {@code FastPathEquivalenceIT}.
 * <p>
 * Reads the properties of our output types (record components, getters) without SmallRye's
 * per-field request context.
 * <p>
 * SmallRye GraphQL resolves every output field, even a record component, through its
 * {@code FieldDataFetcher}, which first clones the request context and fills it for that field
 * (path, selected fields twice, arguments): that was most of the time of a 50-activity status
 * query or a report page. Our properties need none of it — they run no resolver code that could
 * read the context — so this service hands graphql-java a fetcher that calls the accessor and,
 * where SmallRye would transform the value (an {@code Instant} to its ISO-8601 form, say), lets
 * SmallRye's own {@link FieldHelper} do it. As a {@link LightDataFetcher} it also spares
 * graphql-java building a {@link DataFetchingEnvironment} per field, unless a transformation
 * asks for one. Fields of other packages keep SmallRye's fetcher.
 * Registered in {@code META-INF/services}; SmallRye asks its {@link DataFetcherService}s first.
 */
public class PlainFields implements DataFetcherService {

    private static final String OURS = "org.activitycompletion.";

    @Override
    public Integer getPriority() {
        return 100;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public PlugableDataFetcher getFieldDataFetcher(Field field, Type type, Reference owner) {
        if (!FastPath.enabled() || !owner.getClassName().startsWith(OURS) || field.getMethodName() == null) {
            return null;
        }
        return new Accessor<>(owner.getClassName(), field.getMethodName(), plain(field) ? null : new FieldHelper(field),
                !adapted(field) && !wrapped(field));
    }

    /**
     * True when SmallRye's FieldDataFetcher would return the accessor's value unchanged. A number
     * without a format (a {@code Double} for {@code Float}, an {@code int} for {@code Int}) gets
     * SmallRye's {@code NumberTransformer}, whose output is its input.
     */
    static boolean plain(Field field) {
        Reference reference = field.getReference();
        boolean transformed = reference.getType() == ReferenceType.SCALAR
                && !reference.getClassName().equals(reference.getGraphQLClassName())
                && !(Classes.isNumberLikeType(reference.getClassName()) && !field.hasTransformation());
        return !transformed && !wrapped(field) && !adapted(field) && !field.hasTransformation()
                && !reference.getClassName().startsWith("java.util.Optional");
    }

    private static boolean wrapped(Field field) {
        return field.hasWrapper()
                && (field.getWrapper().isArray() || field.getWrapper().isMap() || field.getWrapper().isOptional());
    }

    /** Adapters (maps among them) are the only transformations that read the environment. */
    private static boolean adapted(Field field) {
        Reference reference = field.getReference();
        return field.isAdaptingWith() || field.isAdaptingTo() || reference.isAdaptingWith() || reference.isAdaptingTo();
    }

    /**
     * Calls a public no-argument accessor, looked up on first use, and transforms its value when
     * there is a helper.
     */
    static final class Accessor<T> implements PlugableDataFetcher<T>, TrivialDataFetcher<T>, LightDataFetcher<T> {
        private final String className;
        private final String methodName;
        private final FieldHelper transformation;
        private final boolean readsDirectly;
        /** Passed to every call: {@code invoke(source)} would allocate an empty array each time. */
        private static final Object[] NO_ARGUMENTS = {};
        private volatile Method method;

        Accessor(String className, String methodName, FieldHelper transformation, boolean readsDirectly) {
            this.className = className;
            this.methodName = methodName;
            this.transformation = transformation;
            this.readsDirectly = readsDirectly;
        }

        /** True when {@link #read} gives what graphql-java would fetch: no transformation needs the environment. */
        boolean readsDirectly() {
            return readsDirectly;
        }

        /** The value of a non-null source, transformed; only where {@link #readsDirectly()}. */
        T read(Object source) throws Exception {
            return get(null, source, () -> null);
        }

        @Override
        public T get(DataFetchingEnvironment environment) throws Exception {
            return get(null, environment.getSource(), () -> environment);
        }

        /** graphql-java's light path: the environment is only built when a transformation needs it. */
        @Override
        @SuppressWarnings("unchecked")
        public T get(GraphQLFieldDefinition definition, Object source, Supplier<DataFetchingEnvironment> environment)
                throws Exception {
            if (source == null) {
                return null;
            }
            Object value;
            try {
                value = method().invoke(source, NO_ARGUMENTS);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            return (T) (transformation == null ? value : transformation.transformOrAdaptResponse(value, environment.get()));
        }

        private Method method() throws ReflectiveOperationException {
            Method m = method;
            if (m == null) {
                m = ClassloadingService.get().loadClass(className).getMethod(methodName);
                m.setAccessible(true); // public anyway; spares the access check on every call
                method = m;
            }
            return m;
        }
    }
}
