import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Encryptor, EncryptorStatus } from './encryptor';

export const KEY_FILE = 'secrets.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The first byte of every ciphertext: its layout (version, IV, tag, encrypted bytes). */
const FORMAT = 1;

/**
 * The web host's encryptor (no OS keyring without Electron): AES-256-GCM under a random 32-byte key
 * kept in a file of its own, created owner-only (0600); a key file others may read is refused.
 * A fresh IV per value; the GCM tag catches any altered byte. ADR 0014.
 */
export function keyFileEncryptor(file: string, platform: NodeJS.Platform = process.platform): Encryptor {
  // Windows has no such mode bits: the file inherits the user's profile folder's ACL.
  const checkMode = platform !== 'win32';

  /** The key, or null when there is no file yet; `create` makes one first. */
  const readKey = (create: boolean): Buffer | null => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!create) return null;
      return createKey();
    }
    try {
      const stat = fstatSync(fd);
      if (checkMode && (stat.mode & 0o077) !== 0) throw insecure(file, stat.mode);
      const key = Buffer.alloc(KEY_BYTES + 1);
      const read = readSync(fd, key, 0, key.length, 0);
      if (!stat.isFile() || read !== KEY_BYTES) {
        throw new AppError(
          'SECRETS_UNREADABLE',
          `The key file ${file} is damaged, so saved secrets cannot be read. Move it aside and enter the secrets again.`,
        );
      }
      return key.subarray(0, KEY_BYTES);
    } finally {
      closeSync(fd);
    }
  };

  const createKey = (): Buffer => {
    const key = randomBytes(KEY_BYTES);
    let fd: number;
    try {
      // 'wx': never over an existing key (two first saves at once: the second reads the first's).
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKey(false) as Buffer;
      throw error;
    }
    try {
      writeSync(fd, key);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncFolder(dirname(file));
    return key;
  };

  return {
    scheme: 'aes-256-gcm+keyfile',
    status(): EncryptorStatus {
      try {
        readKey(false);
        return 'ready';
      } catch (error) {
        return error instanceof AppError && error.code === 'SECRETS_UNAVAILABLE' ? 'key_insecure' : 'ready';
      }
    },
    encrypt(plain) {
      const key = readKey(true) as Buffer;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const key = readKey(false);
      if (!key) {
        throw new AppError(
          'SECRETS_UNREADABLE',
          `The key file ${file} is missing (another computer's store, or the file was deleted): enter the secrets again.`,
        );
      }
      if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== FORMAT) throw new Error('Not a ciphertext of this format');
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

function insecure(file: string, mode: number): AppError {
  const shown = (mode & 0o777).toString(8).padStart(3, '0');
  return new AppError(
    'SECRETS_UNAVAILABLE',
    `The key file ${file} can be read by other users of this computer (mode ${shown}). Make it yours alone (chmod 600 "${file}") and try again.`,
  );
}

/** The new file's name reaches the disk too, not only its bytes. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder: NTFS journals the name itself.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
