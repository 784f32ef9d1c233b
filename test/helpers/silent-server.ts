import { createServer, type Socket } from 'node:net';

/** A loopback TCP server that accepts connections, reads what comes, and never answers: a hung endpoint. */
export interface SilentServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Connections accepted so far (each SDK attempt opens one). */
  accepted(): number;
  stop(): Promise<void>;
}

/** Starts a SilentServer on a random port. */
export async function startSilentServer(): Promise<SilentServer> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('data', () => {}); // read the request, never answer
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    accepted: () => accepted,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
