import { z } from 'zod';
import { foldText } from '../text';
import {
  CHILD_COLUMNS,
  type CsvAddressField,
  type CsvAddressKind,
  type CsvContactField,
  CUSTOM_COLUMN_PREFIX,
  CUSTOMER_FIELD_KEYS,
  customFieldColumn,
} from './csv';
import type { CustomFieldDefinition, CustomFieldType, CustomFieldValue } from './custom-fields';
import { type CustomerCreateInput, ID_DOC_TYPES, type LANGUAGES } from './customer';

/**
 * Where a CSV column can go: any editable field (groupId as the group's name, ownerId as the
 * user's name), a part of the default billing or shipping address or of the first contact, a
 * custom field (`customFields.<key>`), or `id` to match a customer exported before. Columns
 * mapped to nothing are ignored.
 */
export const IMPORT_TARGETS = [
  'id',
  ...CUSTOMER_FIELD_KEYS.filter((k) => k !== 'groupId' && k !== 'ownerId'),
  'groupName',
  'ownerName',
  ...CHILD_COLUMNS,
] as const;
export type FixedImportTarget = (typeof IMPORT_TARGETS)[number];
export type CustomImportTarget = `customFields.${string}`;
export type ImportTarget = FixedImportTarget | CustomImportTarget;

const CUSTOM_TARGET = /^customFields\.[a-z][a-z0-9_]{0,39}$/;
export const isCustomTarget = (target: string): target is CustomImportTarget => CUSTOM_TARGET.test(target);
/** A column's target as the contract checks it: a fixed one, or a custom field's (main checks it exists). */
export const importTargetSchema = z.union([
  z.enum(IMPORT_TARGETS, 'invalid'),
  z.string('invalid').regex(CUSTOM_TARGET, 'invalid') as z.ZodType<CustomImportTarget>,
]);

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
  mapping: z.array(importTargetSchema.nullable()),
});
export type ImportPreview = z.infer<typeof importPreviewOutput>;

export const importStartInput = z.strictObject({
  uploadId: z.uuid('invalid'),
  mapping: z
    .array(importTargetSchema.nullable(), 'invalid')
    .max(500, 'too_many')
    .refine((m) => m.some((t) => t !== null && t !== 'id'), 'no_columns')
    .refine((m) => new Set(m.filter(Boolean)).size === m.filter(Boolean).length, 'mapped_twice'),
  duplicates: z.enum(DUPLICATE_MODES, 'invalid'),
});
export type ImportStartInput = z.infer<typeof importStartInput>;

const key = (text: string) => foldText(text).replace(/[^a-z0-9]/g, '');

/** Headings people give these columns, in Spanish and English (folded: no accents, case, spaces or signs). */
const HEADER_ALIASES: Partial<Record<FixedImportTarget, string[]>> = {
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
  ownerName: ['ownername', 'owner', 'responsable', 'vendedor', 'asesor', 'salesperson', 'accountmanager', 'ejecutivo'],
  // A file with one address names it plainly ("Dirección", "Ciudad"): it is read as the billing one.
  'billing.line1': [
    'address',
    'address1',
    'addressline1',
    'street',
    'billingaddress',
    'direccion',
    'direccion1',
    'calle',
    'direcciondefacturacion',
    'direccionfacturacion',
  ],
  'billing.line2': ['address2', 'addressline2', 'direccion2', 'direccionlinea2', 'billingaddress2'],
  'billing.city': ['city', 'town', 'ciudad', 'localidad', 'billingcity', 'ciudaddefacturacion'],
  'billing.region': ['region', 'state', 'province', 'provincia', 'estado', 'departamento', 'billingregion', 'billingstate'],
  'billing.postalCode': ['postalcode', 'postcode', 'zip', 'zipcode', 'codigopostal', 'cp', 'billingpostalcode', 'billingzip'],
  'billing.country': ['country', 'pais', 'billingcountry', 'paisdefacturacion'],
  'shipping.line1': ['shippingaddress', 'deliveryaddress', 'direcciondeenvio', 'direccionenvio', 'direcciondeentrega'],
  'shipping.line2': ['shippingaddress2', 'direcciondeenvio2'],
  'shipping.city': ['shippingcity', 'deliverycity', 'ciudaddeenvio', 'ciudaddeentrega'],
  'shipping.region': ['shippingregion', 'shippingstate', 'provinciadeenvio', 'regiondeenvio'],
  'shipping.postalCode': ['shippingpostalcode', 'shippingzip', 'codigopostaldeenvio'],
  'shipping.country': ['shippingcountry', 'paisdeenvio', 'paisdeentrega'],
  'contact.name': ['contact', 'contactname', 'contactperson', 'contacto', 'nombredecontacto', 'personadecontacto'],
  'contact.email': ['contactemail', 'emailcontacto', 'correodecontacto', 'correodelcontacto'],
  'contact.phone': ['contactphone', 'telefonodecontacto', 'telefonocontacto', 'telefonodelcontacto'],
  'contact.role': ['contactrole', 'contacttitle', 'cargo', 'cargodelcontacto', 'puesto'],
};
const TARGET_BY_HEADER = new Map<string, FixedImportTarget>(
  IMPORT_TARGETS.flatMap((target) => [key(target), ...(HEADER_ALIASES[target] ?? [])].map((alias) => [alias, target] as const)),
);

/**
 * Guess each column's field from its header; a field is given to its first column only. A custom
 * field is found by its column (`customFields.<key>`, our export's), its key or its label.
 */
export function guessMapping(
  headers: readonly string[],
  definitions: readonly Pick<CustomFieldDefinition, 'key' | 'label' | 'active'>[] = [],
): (ImportTarget | null)[] {
  const custom = new Map<string, ImportTarget>();
  for (const d of definitions.filter((d) => d.active))
    for (const name of [customFieldColumn(d.key), d.key, d.label])
      if (!custom.has(key(name))) custom.set(key(name), customFieldColumn(d.key));
  const taken = new Set<ImportTarget>();
  return headers.map((header) => {
    const target = TARGET_BY_HEADER.get(key(header)) ?? custom.get(key(header)) ?? null;
    if (!target || taken.has(target)) return null;
    taken.add(target);
    return target;
  });
}

/** What a row says of one default address, or of the first contact: only its non-empty cells. */
export type AddressCells = Partial<Record<CsvAddressField, string>>;
export type ContactCells = Partial<Record<CsvContactField, string>>;

/**
 * A customer read from one row, before validation; `groupName` and `ownerName` are resolved to
 * ids by main, and the address and contact cells become rows once main knows whether the row
 * creates a customer or updates one.
 */
export type ImportedRow = Omit<CustomerCreateInput, 'allowDuplicate'> & {
  id?: string;
  groupName?: string;
  ownerName?: string;
  billing?: AddressCells;
  shipping?: AddressCells;
  contact?: ContactCells;
};

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
export function rowToInput(
  cells: readonly string[],
  mapping: readonly (ImportTarget | null)[],
  dayFirst: boolean,
  /** Custom field key -> type, to read a cell as a number, date or yes/no. */
  customTypes: ReadonlyMap<string, CustomFieldType> = new Map(),
): ImportedRow {
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
      default: {
        const dot = target.indexOf('.');
        if (dot < 0) {
          row[target] = cell;
          break;
        }
        const head = target.slice(0, dot);
        const field = target.slice(dot + 1);
        if (target.startsWith(CUSTOM_COLUMN_PREFIX)) {
          row.customFields = { ...(row.customFields as object), [field]: customCell(cell, customTypes.get(field), dayFirst) };
        } else {
          row[head] = { ...(row[head] as object), [field]: cell };
        }
      }
    }
  }
  return row as ImportedRow;
}

/** A custom field's cell as its type reads it: `12,5` and `12.5` as numbers, dates as ISO, yes/no words; else as given. */
export function customCell(cell: string, type: CustomFieldType | undefined, dayFirst: boolean): CustomFieldValue {
  switch (type) {
    case 'number':
      return /^[+-]?\d+(?:[.,]\d+)?$/.test(cell) ? Number(cell.replace(',', '.')) : cell;
    case 'date':
      return isoDate(cell, dayFirst);
    case 'boolean':
      return BOOLEAN_WORDS[key(cell)] ?? cell;
    default:
      return cell;
  }
}

/** The address kinds a row's cells name. */
export const addressCellKinds = (row: ImportedRow): CsvAddressKind[] =>
  (['billing', 'shipping'] as const).filter((k) => row[k] !== undefined);

/** 2024-03-05, or 5/3/2024 (day first unless the store writes dates month first), as ISO; else as given. */
export function isoDate(text: string, dayFirst: boolean): string {
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!slashed) return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
  const [a, b, year] = [slashed[1], slashed[2], slashed[3]] as [string, string, string];
  const [day, month] = dayFirst ? [a, b] : [b, a];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
