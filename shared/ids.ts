import { v7 as uuidv7 } from 'uuid';

/** Client-generated, time-ordered ids (UUIDv7) for every row. */
export function newId(): string {
  return uuidv7();
}
