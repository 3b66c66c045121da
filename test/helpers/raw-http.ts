/**
 * HTTP/1.1 over a bare TCP socket, so the request target reaches the server byte for byte
 * (fetch and http.request normalize `/%61pi`, `//api`, dot segments and absolute forms).
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  // Tests assert on the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
}

export interface RawRequest {
  method: string;
  /** The request target exactly as sent: `/%61pi/x`, `http://host/api/x`, `*`. */
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Sends one request with `Connection: close` and reads the whole answer (5 s at most). */
export function rawRequest(port: number, request: RawRequest): Promise<RawResponse> {
  const body = request.body ?? '';
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    connection: 'close',
    ...(request.body !== undefined
      ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
      : {}),
    ...request.headers,
  };
  const head = [`${request.method} ${request.target} HTTP/1.1`]
    .concat(Object.entries(headers).map(([name, value]) => `${name}: ${value}`))
    .join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${head}\r\n\r\n${body}`));
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to ${request.target}`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      // latin1 keeps one character per byte, so chunk sizes can be counted; text is decoded last.
      const raw = Buffer.concat(chunks).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = raw
        .slice(0, split < 0 ? raw.length : split)
        .split('\r\n');
      const parsedHeaders: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        parsedHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let text = split < 0 ? '' : raw.slice(split + 4);
      if (parsedHeaders['transfer-encoding'] === 'chunked') text = unchunk(text);
      text = Buffer.from(text, 'latin1').toString('utf8');
      resolve({
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers: parsedHeaders,
        text,
        json: () => JSON.parse(text),
      });
    });
  });
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
