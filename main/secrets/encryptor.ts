/**
 * Where this computer keeps its secrets' key: 'ready' to use, 'unavailable' (no unlocked keyring;
 * Linux's unencrypted basic_text store is refused), or 'key_insecure' (the web host's key file can
 * be read by other users). ADR 0014.
 */
export type EncryptorStatus = 'ready' | 'unavailable' | 'key_insecure';

/** One way of turning a secret into bytes only this computer can read back. */
export interface Encryptor {
  /** Stored with each ciphertext: bytes written by one encryptor are never handed to another. */
  readonly scheme: string;
  status(): EncryptorStatus;
  /** Throws AppError SECRETS_UNAVAILABLE when status() is not 'ready'. */
  encrypt(plain: string): Buffer;
  /**
   * Throws AppError SECRETS_UNAVAILABLE when status() is not 'ready', AppError SECRETS_UNREADABLE
   * when the key is gone; anything else it throws means the bytes are not this key's.
   */
  decrypt(data: Buffer): string;
}
