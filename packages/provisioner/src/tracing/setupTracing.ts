import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
} from '@opentelemetry/sdk-trace-node';

/**
 * The readme's DISTRIBUTED_TRACING_ENABLED: registers an OpenTelemetry SDK that exports spans
 * over OTLP/HTTP. The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (spans go to its
 * `/v1/traces`) and OTEL_EXPORTER_OTLP_HEADERS itself; OTEL_SERVICE_NAME names the service
 * (default `ksml-provisioner`). Resolves a function that flushes and stops the exporter.
 */
export function setupTracing(env: NodeJS.ProcessEnv): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME?.trim() || 'ksml-provisioner',
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Registers the AsyncLocalStorage context manager: a request's span is the parent of the
  // helm and Kubernetes spans its handler causes.
  provider.register();
  return async () => {
    await provider.shutdown();
    trace.disable();
  };
}
