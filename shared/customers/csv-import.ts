import { z } from 'zod';
import { foldText } from '../text';
import { CUSTOMER_FIELD_KEYS } from './csv';
import { type CustomerCreateInput, ID_DOC_TYPES, type LANGUAGES } from './customer';

/**
 * Where a CSV column can go: any editable field (groupId as the group's name), or `id` to match a
 * customer exported before. Columns mapped to nothing are ignored.
 */
export const IMPORT_TARGETS = ['id', ...CUSTOMER_FIELD_KEYS.filter((k) => k !== 'groupId'), 'groupName'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export const DUPLICATE_MODES = ['skip', 'update', 'create'] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

/** Largest file accepted (about 3 million typical rows). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
/** Raw bytes per upload call (base64 makes it ~700 KB, under the web host's 1 MB body limit). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

export const importUploadInput = z.strictObject({
  /** Absent on the first chunk: a new upload starts. */
  uploadId: z.uuid('invalid').optional(),
  /** Where this chunk goes; must be the size received so far (a lost or repeated chunk is refused). */
  offset: z.number('invalid').int('invalid').min(0, 'invalid').max(MAX_IMPORT_BYTES, 'too_large'),
  data: z.base64('invalid').max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4, 'too_long'),
});
export const importUploadOutput = z.object({ uploadId: z.string(), size: z.number().int().min(0) });

export const importPreviewInput = z.strictObject({ uploadId: z.uuid('invalid') });
export const importPreviewOutput = z.object({
  headers: z.array(z.string()),
  /** The first rows after the header, as read. */
  rows: z.array(z.array(z.string())),
  delimiter: z.string(),
  /** Per column, the field guessed from its header (null: ignored). */
  mapping: z.array(z.enum(IMPORT_TARGETS).nullable()),
});
export type ImportPreview = z.infer<typeof importPreviewOutput>;

export const importStartInput = z.strictObject({
  uploadId: z.uuid('invalid'),
  mapping: z
    .array(z.enum(IMPORT_TARGETS, 'invalid').nullable(), 'invalid')
    .max(500, 'too_many')
    .refine((m) => m.some((t) => t !== null && t !== 'id'), 'no_columns')
    .refine((m) => new Set(m.filter(Boolean)).size === m.filter(Boolean).length, 'mapped_twice'),
  duplicates: z.enum(DUPLICATE_MODES, 'invalid'),
});
export type ImportStartInput = z.infer<typeof importStartInput>;

const key = (text: string) => foldText(text).replace(/[^a-z0-9]/g, '');

/** Headings people give these columns, in Spanish and English (folded: no accents, case, spaces or signs). */
const HEADER_ALIASES: Partial<Record<ImportTarget, string[]>> = {
  id: ['id', 'uuid'],
  kind: ['kind', 'type', 'customertype', 'tipo', 'tipodecliente', 'tipocliente'],
  firstName: ['firstname', 'first', 'givenname', 'name', 'nombre', 'nombres', 'primernombre'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'apellido', 'apellidos'],
  company: ['company', 'companyname', 'business', 'businessname', 'empresa', 'compania', 'razonsocial', 'negocio'],
  email: ['email', 'emailaddress', 'mail', 'correo', 'correoelectronico', 'ecorreo'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'telefono', 'celular', 'movil', 'whatsapp'],
  dateOfBirth: [
    'dateofbirth',
    'birthdate',
    'birthday',
    'dob',
    'fechadenacimiento',
    'fechanacimiento',
    'nacimiento',
    'cumpleanos',
  ],
  idDocType: ['iddoctype', 'documenttype', 'idtype', 'tipodedocumento', 'tipodocumento'],
  idDocNumber: [
    'iddocnumber',
    'document',
    'documentnumber',
    'iddocument',
    'idnumber',
    'nationalid',
    'passport',
    'documento',
    'numerodedocumento',
    'cedula',
    'dni',
    'pasaporte',
    'identificacion',
  ],
  taxId: ['taxid', 'taxnumber', 'vat', 'vatnumber', 'ruc', 'nit', 'rfc', 'nif', 'cuit', 'rut'],
  externalId: ['externalid', 'externalcode', 'idexterno', 'codigoexterno', 'customercode', 'codigodecliente', 'codigocliente'],
  language: ['language', 'lang', 'idioma', 'lengua'],
  tags: ['tags', 'tag', 'labels', 'etiquetas', 'etiqueta'],
  notes: ['notes', 'note', 'comments', 'notas', 'nota', 'observaciones', 'comentarios'],
  groupName: ['groupname', 'group', 'grupo', 'customergroup', 'grupodecliente'],
};
const TARGET_BY_HEADER = new Map<string, ImportTarget>(
  IMPORT_TARGETS.flatMap((target) => [key(target), ...(HEADER_ALIASES[target] ?? [])].map((alias) => [alias, target] as const)),
);

/** Guess each column's field from its header; a field is given to its first column only. */
export function guessMapping(headers: readonly string[]): (ImportTarget | null)[] {
  const taken = new Set<ImportTarget>();
  return headers.map((header) => {
    const target = TARGET_BY_HEADER.get(key(header)) ?? null;
    if (!target || taken.has(target)) return null;
    taken.add(target);
    return target;
  });
}

/** A customer read from one row, before validation; `groupName` is resolved to an id by main. */
export type ImportedRow = Omit<CustomerCreateInput, 'allowDuplicate'> & { id?: string; groupName?: string };

const KIND_WORDS: Record<string, 'individual' | 'business'> = {
  individual: 'individual',
  person: 'individual',
  persona: 'individual',
  personanatural: 'individual',
  business: 'business',
  company: 'business',
  empresa: 'business',
  negocio: 'business',
  personajuridica: 'business',
};
const LANGUAGE_WORDS: Record<string, (typeof LANGUAGES)[number]> = {
  es: 'es',
  spanish: 'es',
  espanol: 'es',
  castellano: 'es',
  en: 'en',
  english: 'en',
  ingles: 'en',
};
const DOC_TYPE_WORDS: Record<string, (typeof ID_DOC_TYPES)[number]> = {
  ...Object.fromEntries(ID_DOC_TYPES.map((t) => [key(t), t])),
  cedula: 'national_id',
  dni: 'national_id',
  nationalid: 'national_id',
  passport: 'passport',
  pasaporte: 'passport',
  driverslicense: 'driver_license',
  licencia: 'driver_license',
  licenciadeconducir: 'driver_license',
  residencia: 'residence',
  carnetderesidente: 'residence',
  otro: 'other',
};
const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  yes: true,
  si: true,
  '1': true,
  x: true,
  false: false,
  no: false,
  '0': false,
};
/** Spreadsheet-safe cells written by our export start with an apostrophe: take it back off. */
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r])/;

/**
 * Cells -> the fields of a customer, as a person would have typed them into the form. Empty
 * cells are left out (an update never blanks a field); words the form offers as choices are
 * read in English or Spanish; anything else passes through for validation to judge.
 */
export function rowToInput(cells: readonly string[], mapping: readonly (ImportTarget | null)[], dayFirst: boolean): ImportedRow {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < mapping.length; i++) {
    const target = mapping[i];
    const raw = cells[i];
    if (!target || raw === undefined) continue;
    const cell = raw.replace(ESCAPED_FORMULA, '').trim();
    if (cell === '') continue;
    switch (target) {
      case 'kind':
        row.kind = KIND_WORDS[key(cell)] ?? cell;
        break;
      case 'language':
        row.language = LANGUAGE_WORDS[key(cell)] ?? cell;
        break;
      case 'idDocType':
        row.idDocType = DOC_TYPE_WORDS[key(cell)] ?? cell;
        break;
      case 'tags':
        row.tags = cell
          .split(/[;|]/)
          .map((t) => t.trim())
          .filter(Boolean);
        break;
      case 'dateOfBirth':
        row.dateOfBirth = isoDate(cell, dayFirst);
        break;
      case 'doNotContact':
        row.doNotContact = BOOLEAN_WORDS[key(cell)] ?? cell;
        break;
      case 'notes':
        row.notes = raw.replace(ESCAPED_FORMULA, '').trim();
        break;
      default:
        row[target] = cell;
    }
  }
  return row as ImportedRow;
}

/** 2024-03-05, or 5/3/2024 (day first unless the store writes dates month first), as ISO; else as given. */
export function isoDate(text: string, dayFirst: boolean): string {
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!slashed) return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
  const [a, b, year] = [slashed[1], slashed[2], slashed[3]] as [string, string, string];
  const [day, month] = dayFirst ? [a, b] : [b, a];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
