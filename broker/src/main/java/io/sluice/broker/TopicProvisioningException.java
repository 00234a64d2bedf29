package io.sluice.broker;

/** Topics could not be provisioned: the broker did not answer in time or refused a request. */
public class TopicProvisioningException extends RuntimeException {
    TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }

    TopicProvisioningException(String message) {
        super(message);
    }
}
