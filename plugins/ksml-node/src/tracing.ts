import { Span, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@ksml-backstage/ksml');

/**
 * Runs `fn` in an OpenTelemetry span (through `@opentelemetry/api`, so the host's SDK —
 * Backstage's or the standalone server's — exports it): errors are recorded on it and re-thrown. Without an
 * OpenTelemetry SDK registered this is a no-op.
 */
export function withSpan<T>(
  name: string,
  attributes: Record<string, string | number>,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async span => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: (error as Error).message,
      });
      throw error;
    } finally {
      span.end();
    }
  });
}
