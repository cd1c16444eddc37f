package org.activitycompletion.graphql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.execution.datafetcher.PlugableDataFetcher;
import io.smallrye.graphql.schema.model.Field;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.ReferenceType;
import io.smallrye.graphql.schema.model.Type;
import io.smallrye.graphql.spi.ClassloadingService;
import io.smallrye.graphql.spi.DataFetcherService;

/**
 * Reads the plain components of our output records directly.
 * <p>
 * SmallRye GraphQL resolves every output field, even a record component, through its
 * {@code FieldDataFetcher}, which first clones the request context and fills it for that field
 * (path, selected fields twice, arguments): that was most of the time of a 50-activity status
 * query or a report page. Our records' components need none of it — no resolver code runs for
 * them — so for a component whose value goes out as it is (no scalar transformation such as an
 * {@code Instant}'s formatting, no adapter, no map) this service hands graphql-java a fetcher
 * that only calls the accessor. Every other field keeps SmallRye's fetcher. Registered in
 * {@code META-INF/services}; SmallRye asks its {@link DataFetcherService}s before falling back.
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
        if (!owner.getClassName().startsWith(OURS) || field.getMethodName() == null || !plain(field)) {
            return null;
        }
        return new Accessor<>(owner.getClassName(), field.getMethodName());
    }

    /** True when SmallRye's FieldDataFetcher would return the accessor's value unchanged. */
    static boolean plain(Field field) {
        Reference reference = field.getReference();
        boolean transformed = reference.getType() == ReferenceType.SCALAR
                && !reference.getClassName().equals(reference.getGraphQLClassName());
        boolean wrapped = field.hasWrapper()
                && (field.getWrapper().isArray() || field.getWrapper().isMap() || field.getWrapper().isOptional());
        boolean adapted = field.isAdaptingWith() || field.isAdaptingTo() || reference.isAdaptingWith()
                || reference.isAdaptingTo();
        return !transformed && !wrapped && !adapted && !field.hasTransformation()
                && !reference.getClassName().startsWith("java.util.Optional");
    }

    /** Calls a public no-argument accessor; the method is looked up once, on first use. */
    static final class Accessor<T> implements PlugableDataFetcher<T>, TrivialDataFetcher<T> {
        private final String className;
        private final String methodName;
        private volatile Method method;

        Accessor(String className, String methodName) {
            this.className = className;
            this.methodName = methodName;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(DataFetchingEnvironment environment) throws Exception {
            Object source = environment.getSource();
            if (source == null) {
                return null;
            }
            try {
                return (T) method().invoke(source);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        private Method method() throws ReflectiveOperationException {
            Method m = method;
            if (m == null) {
                m = ClassloadingService.get().loadClass(className).getMethod(methodName);
                method = m;
            }
            return m;
        }
    }
}
