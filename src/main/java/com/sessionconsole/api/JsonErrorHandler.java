package com.sessionconsole.api;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * Jetty's own error answers, in the contract's envelope instead of an HTML page: a request Jetty refuses before
 * the API sees it (a bad request line, headers too large, Content-Length and Transfer-Encoding together, an
 * impossible Content-Length, TLS bytes on the plain port) keeps its 4xx status, which is what it is at the HTTP
 * level, with {@code InvalidRequest} and Jetty's short reason. A fault of the server itself becomes HTTP 200
 * with {@code InternalError}, as every other API answer, and is logged under the RequestId. No stack trace or
 * class name ever reaches the client.
 */
final class JsonErrorHandler implements Request.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);
    /** A reason that names a Java type or carries a trace is not a reason for a client. */
    private static final Pattern JAVA_TEXT = Pattern.compile("Exception|Error\\b|\\bat |\\b(java|javax|org|com|sun)\\.");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = Envelope.requestId();
        byte[] body;
        int status;
        try {
            Object statusAttribute = request.getAttribute(ErrorHandler.ERROR_STATUS);
            status = statusAttribute instanceof Integer ? (Integer) statusAttribute : 500;
            Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
            if (status >= 500 && status != HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
                LOG.error("request {} failed in the HTTP server (status {})", requestId, status,
                        cause instanceof Throwable ? (Throwable) cause : null);
                status = 200;
                body = Envelope.error(ApiError.INTERNAL_ERROR, ApiDispatcher.internalMessage(requestId), requestId);
            } else {
                String reason = reason(status, request.getAttribute(ErrorHandler.ERROR_MESSAGE));
                LOG.info("{} refused by the HTTP server: {} {}", requestId, status, reason);
                String code = status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? ApiError.UNSUPPORTED_PROTOCOL
                        : ApiError.INVALID_REQUEST;
                body = Envelope.error(code, "the HTTP request was refused: " + reason + " (HTTP " + status + ")",
                        requestId);
            }
        } catch (Throwable fault) {
            LOG.error("request {}: the error answer could not be written", requestId, fault);
            status = 200;
            body = Envelope.lastResort(requestId);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Envelope.JSON_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String reason(int status, Object message) {
        String standard = HttpStatus.getMessage(status);
        if (!(message instanceof String) || ((String) message).isBlank()) {
            return standard;
        }
        String text = FormEncoding.printable(SafeMessage.of((String) message));
        return JAVA_TEXT.matcher(text).find() ? standard : text;
    }
}
