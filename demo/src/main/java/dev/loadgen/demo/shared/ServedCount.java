package dev.loadgen.demo.shared;

/**
 * How many requests a service answered for one (method, route template, status): the same
 * figure as the {@code http_server_requests_seconds_count} series of its {@code /metrics}.
 */
public record ServedCount(String method, String route, int status, long count) {}
