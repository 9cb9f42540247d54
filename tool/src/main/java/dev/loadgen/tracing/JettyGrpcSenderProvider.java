package dev.loadgen.tracing;

import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;

/** Registered in META-INF/services, so that the OTLP gRPC exporter finds {@link JettyGrpcSender}. */
public final class JettyGrpcSenderProvider implements GrpcSenderProvider {
    @Override
    public GrpcSender createSender(GrpcSenderConfig config) {
        return new JettyGrpcSender(config);
    }
}
