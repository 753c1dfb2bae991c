import { v7 as uuidv7 } from 'uuid';

/** Client-generated, time-ordered ids (UUIDv7) for every row. */
export function newId(): string {
  return uuidv7();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isId(value: string): boolean {
  return UUID_RE.test(value);
}
