package dev.tenantauth.security;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client's address for rate limiting: the TCP peer, or what trusted proxy headers say when
 * {@code quarkus.http.proxy.proxy-address-forwarding} and {@code trusted-proxies} are set
 * (Quarkus then rewrites the remote address itself).
 */
public final class ClientAddress {

    public static String of(HttpServerRequest request) {
        if (request == null || request.remoteAddress() == null) {
            return "unknown";
        }
        String host = request.remoteAddress().hostAddress();
        return host == null ? "unknown" : host;
    }

    private ClientAddress() {}
}
