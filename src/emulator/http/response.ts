/** What a route hands back to the server: status, headers and a ready body. */
export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

export function bufferResponse(status: number, body: Buffer, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body };
}

export function textResponse(
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): EmulatorResponse {
  return { status, headers: { 'Content-Type': contentType }, body: Buffer.from(text) };
}
