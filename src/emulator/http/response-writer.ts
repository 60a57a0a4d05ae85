/**
 * Writes a response to the socket, or misbehaves on purpose: `truncate` sends a complete HTTP
 * response whose JSON body is cut in half (a syntactically broken prefix); `reset` announces the
 * full Content-Length, sends half, and closes the socket.
 */
import type { ServerResponse } from 'node:http';
import type { EmulatorResponse } from './response.ts';

export type BodyCut = 'truncate' | 'reset' | null;

export function writeResponse(res: ServerResponse, response: EmulatorResponse, cut: BodyCut, date: Date): void {
  const body = response.body;
  const headers = { ...response.headers, Date: date.toUTCString() };
  if (cut === 'reset') {
    res.writeHead(response.status, { ...headers, 'Content-Length': String(body.length) });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }
  // Any strict prefix of a JSON array or object fails to parse.
  const sent =
    cut === 'truncate' ? (body.length >= 2 ? body.subarray(0, Math.floor(body.length / 2)) : Buffer.from('[')) : body;
  res.writeHead(response.status, { ...headers, 'Content-Length': String(sent.length) });
  res.end(sent);
}
