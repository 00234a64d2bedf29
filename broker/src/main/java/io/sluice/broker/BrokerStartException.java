package io.sluice.broker;

/** The embedded broker did not come up; the message names the address and the data directory. */
public final class BrokerStartException extends RuntimeException {
    BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    BrokerStartException(String message) {
        super(message);
    }
}
