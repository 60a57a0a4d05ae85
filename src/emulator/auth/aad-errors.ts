/**
 * Entra token endpoint errors: `{"error","error_description","error_codes",…}` with the AADSTS
 * codes a client meets with bad credentials.
 */
import { randomUUID } from 'node:crypto';
import { jsonResponse, type EmulatorResponse } from '../http/response.ts';

export function aadError(status: number, error: string, code: number, text: string, now: Date): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return jsonResponse(status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}
