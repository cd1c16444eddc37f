package org.activitycompletion.graphql.fastpath;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.Dependent;

import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.arc.ManagedContext;
import io.quarkus.smallrye.graphql.runtime.spi.datafetcher.RequestContextHelper;
import io.quarkus.smallrye.graphql.runtime.spi.datafetcher.QuarkusUniDataFetcher;
import io.smallrye.graphql.execution.datafetcher.PlugableBatchableDataFetcher;
import io.smallrye.graphql.execution.datafetcher.helper.ArgumentHelper;
import io.smallrye.graphql.transformation.AbstractDataFetcherException;
import io.smallrye.graphql.execution.datafetcher.helper.FieldHelper;
import io.smallrye.graphql.execution.datafetcher.helper.OperationInvoker;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.Type;
import io.smallrye.graphql.spi.DataFetcherService;
import io.smallrye.graphql.spi.config.Config;
import io.smallrye.mutiny.Uni;
import org.dataloader.BatchLoaderEnvironment;

/**
 * Replaces: Quarkus' {@code QuarkusUniDataFetcher} (SmallRye's reactive pipeline) for operations
 * that {@link CacheFirst} answered at once. Proven equal by: {@code CacheFirstTest}, the API test
 * suites run with the fast path on and off, and {@code FastPathEquivalenceIT}.
 * <p>
 * Hands back, without SmallRye's reactive pipeline, what our {@link CacheFirst} operations answer
 * from the caches.
 * <p>
 * For an operation returning {@link Uni}, SmallRye (through Quarkus' fetcher) fills its request
 * context with the operation's normalized selection, fires its events, and runs the method's
 * {@code Uni} through a chain of operators with context propagation before graphql-java sees the
 * value: together about a third of a repeat view. When the method answers from the caches the
 * value is already there ({@link CacheFirst.Answered}); this fetcher calls the method on the bean
 * (through its CDI proxy, with SmallRye's own argument conversion) and gives graphql-java that
 * value. Anything else, a {@code Uni} for a worker thread or a failure, is not
 * subscribed to here: the call is left to Quarkus' fetcher, which calls the method again, as
 * {@link CacheFirst} allows (it stops before reading or writing anything when it cannot answer).
 * <p>
 * Our operations read nothing of SmallRye's request context ({@link Context}); one that takes it as
 * an argument, a {@code @Dependent} API bean, or SmallRye's metrics, tracing or events switched on
 * leave every call to Quarkus' fetcher, so that nothing is left out. Registered in {@code META-INF/services}; asked before Quarkus' service.
 */
public class CacheFirstFetchers implements DataFetcherService {

    private static final String OURS = "org.activitycompletion.";

    @Override
    public Integer getPriority() {
        return 0; // before Quarkus' own (1), which answers every Uni operation
    }

    @Override
    @SuppressWarnings({ "rawtypes", "unchecked" })
    public PlugableBatchableDataFetcher getUniDataFetcher(Operation operation, Type type) {
        Config config = Config.get();
        if (!FastPath.enabled() || !operation.getClassName().startsWith(OURS) || operation.isSourceField() || takesContext(operation)
                || config.isMetricsEnabled() || config.isTracingEnabled() || config.isEventsEnabled()) {
            return null;
        }
        return new Fetcher(operation, type);
    }

    private static boolean takesContext(Operation operation) {
        return operation.hasArguments() && operation.getArguments().stream()
                .anyMatch(argument -> argument.getReference().getClassName().equals(Context.class.getName()));
    }

    static final class Fetcher<K, T> implements PlugableBatchableDataFetcher<K, T> {
        private final QuarkusUniDataFetcher<K, T> quarkus;
        private final ArgumentHelper arguments;
        private final Method method;
        private final FieldHelper result;
        private static final Object NO_SHARED_INSTANCE = new Object();

        private volatile Object api;

        Fetcher(Operation operation, Type type) {
            this.quarkus = new QuarkusUniDataFetcher<>(operation, type);
            this.arguments = new ArgumentHelper(operation.getArguments());
            this.method = new OperationInvoker(operation).getMethod();
            this.result = new FieldHelper(operation);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(DataFetchingEnvironment environment) throws Exception {
            Object api = api();
            if (api != null) {
                Object answer;
                ManagedContext requestContext = Arc.container().requestContext();
                boolean activated = !requestContext.isActive();
                // The request's context, as Quarkus' fetcher restores it: the body may arrive after its handler returned.
                RequestContextHelper.reactivate(requestContext, environment);
                try {
                    answer = method.invoke(api, arguments.getArguments(environment).toArray());
                } catch (Exception e) {
                    answer = null; // reported by Quarkus' fetcher, as always
                } finally {
                    if (activated) {
                        requestContext.deactivate();
                    }
                }
                if (answer instanceof CacheFirst.Answered<?> answered) {
                    try {
                        return (T) DataFetcherResult.newResult()
                                .data(result.transformOrAdaptResponse(answered.getItem(), environment))
                                .localContext(environment.getGraphQlContext()).build();
                    } catch (AbstractDataFetcherException e) {
                        // reported by Quarkus' fetcher, as always
                    }
                }
            }
            return quarkus.get(environment);
        }

        /**
         * The bean that declares the operation, or null where each call needs an instance of its
         * own ({@code @Dependent}: SmallRye's invoker destroys it after the call).
         */
        private Object api() {
            Object bean = api;
            if (bean == null) {
                InstanceHandle<?> handle = Arc.container().instance(method.getDeclaringClass());
                boolean shared = handle.isAvailable() && handle.getBean().getScope() != Dependent.class;
                api = bean = shared ? handle.get() : NO_SHARED_INSTANCE; // looked up once either way
            }
            return bean == NO_SHARED_INSTANCE ? null : bean;
        }

        @Override
        public CompletionStage<List<T>> load(List<K> keys, BatchLoaderEnvironment environment) {
            return quarkus.load(keys, environment);
        }
    }
}
