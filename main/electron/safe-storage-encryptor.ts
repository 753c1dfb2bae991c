import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import type { Encryptor, EncryptorStatus } from '../secrets/encryptor';

/** The part of Electron's safeStorage (v41, synchronous API) that secrets need. */
export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/**
 * Secrets encrypted by the OS: Keychain on macOS, DPAPI on Windows, the Secret Service (GNOME
 * Keyring) or KWallet on Linux. On Linux Electron falls back to 'basic_text' (a hard-coded
 * password, not protection) when it finds no keyring: refused, with what to do. ADR 0014.
 */
export function safeStorageEncryptor(safeStorage: SafeStorageApi, platform: NodeJS.Platform = process.platform): Encryptor {
  const status = (): EncryptorStatus => {
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      // 'unknown': asked before the app was ready, or a backend this version cannot name.
      if (backend === 'basic_text' || backend === 'unknown') return 'unavailable';
    }
    return safeStorage.isEncryptionAvailable() ? 'ready' : 'unavailable';
  };
  const mustBeReady = () => {
    if (status() !== 'ready') throw unavailable(platform);
  };
  return {
    scheme: 'electron-safestorage',
    status,
    encrypt(plain) {
      mustBeReady();
      return safeStorage.encryptString(plain);
    },
    decrypt(data) {
      mustBeReady();
      return safeStorage.decryptString(data);
    },
  };
}

function unavailable(platform: NodeJS.Platform): AppError {
  const what =
    platform === 'linux'
      ? 'Install and unlock a keyring — GNOME Keyring (gnome-keyring) or KDE Wallet (kwallet) — sign out and back in, then save again.'
      : platform === 'darwin'
        ? 'Unlock the login keychain (Keychain Access) and allow Clientela to use it, then save again.'
        : 'Sign in to Windows with your own user account, then save again.';
  return new AppError(
    'SECRETS_UNAVAILABLE',
    `This computer has no safe place to keep the token: its system keyring is missing or locked, and Clientela will not keep it unencrypted. ${what}`,
  );
}
