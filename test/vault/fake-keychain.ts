// A stand-in for Electron's asynchronous safeStorage: AES-256-GCM under a key of its own ("this
// machine's keychain"), with a backend name that a test can change to simulate a desktop switch,
// and `reEncryptBefore` to simulate a rotated key (decrypt reports shouldReEncrypt for what was
// wrapped before it was set).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeychainDecrypted, KeychainProtector } from '../../main/vault/types';

export class FakeKeychain implements KeychainProtector {
  available = true;
  encryptCalls = 0;
  decryptCalls = 0;
  /** When set, encrypt() calls it first: lets a test fail or kill a process mid-write. */
  onEncrypt: (() => void) | undefined;
  /** Wraps made before this many encrypt() calls decrypt with shouldReEncrypt (0: never). */
  reEncryptBefore = 0;

  constructor(
    public backendName = 'gnome_libsecret',
    readonly machineKey: Buffer = randomBytes(32),
  ) {}

  isAvailable(): Promise<boolean> {
    return Promise.resolve(this.available);
  }

  backend(): string {
    return this.backendName;
  }

  // As safeStorage's: answered after a turn, and a throw in onEncrypt rejects.
  async encrypt(plain: Buffer): Promise<Buffer> {
    this.encryptCalls += 1;
    await Promise.resolve();
    this.onEncrypt?.();
    const nonce = randomBytes(12);
    // The wrap's generation travels in the clear, as a real keychain's key version would.
    const generation = Buffer.alloc(4);
    generation.writeUInt32BE(this.encryptCalls);
    const cipher = createCipheriv('aes-256-gcm', this.machineKey, nonce, { authTagLength: 16 });
    cipher.setAAD(generation);
    return Buffer.concat([generation, nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }

  async decrypt(wrapped: Buffer): Promise<KeychainDecrypted> {
    this.decryptCalls += 1;
    await Promise.resolve();
    const generation = wrapped.subarray(0, 4);
    const decipher = createDecipheriv('aes-256-gcm', this.machineKey, wrapped.subarray(4, 16), { authTagLength: 16 });
    decipher.setAAD(generation);
    decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
    const plain = Buffer.concat([decipher.update(wrapped.subarray(16, wrapped.length - 16)), decipher.final()]);
    return { plain, shouldReEncrypt: generation.readUInt32BE() < this.reEncryptBefore };
  }
}
