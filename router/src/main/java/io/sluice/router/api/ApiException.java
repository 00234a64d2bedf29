package io.sluice.router.api;

/** Carries an {@link ApiError} out of request validation to the handler that answers it. */
public final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
