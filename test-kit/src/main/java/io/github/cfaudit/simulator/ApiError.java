package io.github.cfaudit.simulator;

/** A client error the simulator answers with an error envelope in the endpoint's flavour. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int code;

    ApiError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, 1001, message);
    }

    int status() {
        return status;
    }

    int code() {
        return code;
    }
}
