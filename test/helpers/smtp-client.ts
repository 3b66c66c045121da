/** Sends raw bytes over real SMTP with nodemailer and returns the server's reply or error. */
import nodemailer from 'nodemailer';

export interface SendResult {
  ok: boolean;
  response: string;
  responseCode?: number;
}

export async function sendRawMail(options: {
  port: number;
  from: string;
  to: string[];
  raw: Buffer | string;
}): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: options.port,
    secure: false,
    ignoreTLS: true,
    tls: { rejectUnauthorized: false },
  });
  try {
    const info = await transport.sendMail({
      envelope: { from: options.from, to: options.to },
      raw: options.raw,
    });
    return { ok: true, response: info.response };
  } catch (error) {
    const err = error as { response?: string; responseCode?: number; message: string };
    return {
      ok: false,
      response: err.response ?? err.message,
      ...(err.responseCode ? { responseCode: err.responseCode } : {}),
    };
  } finally {
    transport.close();
  }
}
