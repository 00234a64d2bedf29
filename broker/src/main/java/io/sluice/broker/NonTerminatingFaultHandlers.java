package io.sluice.broker;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's standard fault handling halts the JVM on a fatal fault, including a controller that
 * fails to start. Inside an application or a test run that would kill the host without a word,
 * so fatal faults are logged, remembered and handed back as exceptions instead: a failed start
 * becomes a {@link BrokerStartException}, and a fatal fault of a running broker stays visible
 * through {@link EmbeddedKafka#fatalFault()}.
 */
final class NonTerminatingFaultHandlers implements FaultHandlerFactory {
    // Under the embedding class's name, so that faults show even where Kafka's own loggers are quiet.
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final AtomicReference<FaultHandlerException> firstFatalFault = new AtomicReference<>();

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        return (failureMessage, cause) -> {
            String message = (fatal ? "fatal" : "non-fatal") + " fault in Kafka's " + name + ": " + failureMessage;
            LOG.error("{}", message, cause);
            FaultHandlerException fault = new FaultHandlerException(message, cause);
            if (fatal) {
                firstFatalFault.compareAndSet(null, fault);
            }
            action.run();
            return fault;
        };
    }

    Optional<FaultHandlerException> firstFatalFault() {
        return Optional.ofNullable(firstFatalFault.get());
    }
}
