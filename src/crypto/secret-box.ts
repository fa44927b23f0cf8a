/**
 * Sealing of secrets at rest (OAuth tokens, API keys) with AES-256-GCM.
 * Separate keys for encryption and for signing are derived from the one
 * CLIENTHUB_SECRET_KEY with HKDF, so a leak of one purpose's key exposes nothing else.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface Keyring {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** Key for HMACs (session ids, tokens): never the encryption key. */
  signingKey: Buffer;
}

export function deriveKey(master: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, 'clienthub', purpose, 32));
}

export function createKeyring(master: string): Keyring {
  if (master.length < 32) throw new Error('CLIENTHUB_SECRET_KEY must be at least 32 characters');
  const encryptionKey = deriveKey(master, 'encryption');
  return {
    signingKey: deriveKey(master, 'signing'),
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${VERSION}:${Buffer.concat([iv, tag, ciphertext]).toString('base64')}`;
    },
    open(sealed) {
      const [version, body] = sealed.split(':', 2);
      if (version !== VERSION || !body) throw new Error('Sealed secret has an unknown format');
      const bytes = Buffer.from(body, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('Sealed secret cannot be opened: wrong CLIENTHUB_SECRET_KEY or tampered data');
      }
    },
  };
}
