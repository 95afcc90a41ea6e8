// A stand-in for Electron's safeStorage: AES-256-GCM under a key of its own ("this machine's
// keychain"), with a backend name that a test can change to simulate a desktop switch.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeychainProtector } from '../../main/vault/types';

export class FakeKeychain implements KeychainProtector {
  available = true;
  encryptCalls = 0;
  decryptCalls = 0;
  /** When set, encrypt() calls it first: lets a test fail or kill a process mid-write. */
  onEncrypt: (() => void) | undefined;

  constructor(
    public backendName = 'gnome_libsecret',
    readonly machineKey: Buffer = randomBytes(32),
  ) {}

  isAvailable(): boolean {
    return this.available;
  }

  backend(): string {
    return this.backendName;
  }

  encrypt(plain: Buffer): Buffer {
    this.encryptCalls += 1;
    this.onEncrypt?.();
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.machineKey, nonce, { authTagLength: 16 });
    return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }

  decrypt(wrapped: Buffer): Buffer {
    this.decryptCalls += 1;
    const decipher = createDecipheriv('aes-256-gcm', this.machineKey, wrapped.subarray(0, 12), { authTagLength: 16 });
    decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
    return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
  }
}
