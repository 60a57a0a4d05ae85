/**
 * A serviceUrl that does not answer: a TCP server on 127.0.0.1 that accepts every connection and
 * then either says nothing (a black hole) or sends a response's status line and headers and then
 * stalls the body (a slow connector). It counts the connections still open, so a test can check
 * that the client gave its socket up.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface UnansweringServer {
  /** With a trailing slash, like Teams' serviceUrls. */
  serviceUrl: string;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections the client has not closed yet. */
  open(): number;
  close(): Promise<void>;
}

export async function startUnansweringServer(mode: 'silent' | 'stall-body'): Promise<UnansweringServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Read (and ignore) the request, so the client's close is seen as it happens.
    socket.resume();
    if (mode === 'stall-body') {
      // Answer the headers as soon as the request arrives, promise a body, never send it.
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"id":');
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    accepted: () => accepted,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
