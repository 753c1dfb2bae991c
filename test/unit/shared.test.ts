import fc from 'fast-check';
import { z } from 'zod';
import { channels } from '../../shared/contract';
import { customerRuleErrors, customerFieldsSchema } from '../../shared/customers/customer';
import { formatHlc, initialHlc, MAX_CLOCK_DRIFT_MS, parseHlc, receiveHlc, tickHlc } from '../../shared/hlc';
import { ean13CheckDigit, generateMembershipCode, isMembershipCode } from '../../shared/membership-code';
import { formatPhone, parsePhone } from '../../shared/phone';
import { foldedWords, foldText, onlyDigits } from '../../shared/text';
import { zodFieldErrors } from '../../shared/validation';
import { sameFilters } from '../../shared/customers/filters';

describe('hybrid logical clock', () => {
  it('keeps moving forward when the wall clock goes backwards', () => {
    let state = initialHlc('dev-a');
    const stamps: string[] = [];
    for (const now of [1000, 1000, 900, 1500, 1200, 1200]) {
      state = tickHlc(state, now);
      stamps.push(formatHlc(state));
    }
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('stamps sort as strings in the order they were issued, whatever the clock does (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000_000_000_000 }), { minLength: 1, maxLength: 50 }), (times) => {
        let state = initialHlc('dev');
        let previous = '';
        for (const t of times) {
          state = tickHlc(state, t);
          const stamp = formatHlc(state);
          if (stamp <= previous) return false;
          previous = stamp;
        }
        return true;
      }),
    );
  });

  it('rolls the counter into the next millisecond instead of overflowing', () => {
    const state = tickHlc({ wall: 5000, counter: 36 ** 5 - 1, node: 'n' }, 5000);
    expect(state).toEqual({ wall: 5001, counter: 0, node: 'n' });
  });

  it('moves past a remote stamp it receives, and round-trips through text', () => {
    const local = { wall: 1000, counter: 3, node: 'a' };
    const remote = formatHlc({ wall: 2000, counter: 7, node: 'b' });
    const merged = receiveHlc(local, remote, 1500);
    expect(merged).toEqual({ wall: 2000, counter: 8, node: 'a' });
    expect(formatHlc(merged) > remote).toBe(true);
    expect(parseHlc(formatHlc(merged))).toEqual(merged);
  });

  it('refuses a remote clock too far ahead, in words', () => {
    const remote = formatHlc({ wall: 10_000_000 + MAX_CLOCK_DRIFT_MS + 60_000, counter: 0, node: 'b' });
    expect(() => receiveHlc(initialHlc('a'), remote, 10_000_000)).toThrow(/minutes ahead/);
  });

  it('follows a remote clock that is ahead by exactly the allowed drift, but not a millisecond more', () => {
    const now = 10_000_000;
    const atLimit = formatHlc({ wall: now + MAX_CLOCK_DRIFT_MS, counter: 4, node: 'b' });
    expect(receiveHlc(initialHlc('a'), atLimit, now)).toEqual({ wall: now + MAX_CLOCK_DRIFT_MS, counter: 5, node: 'a' });
    const beyond = formatHlc({ wall: now + MAX_CLOCK_DRIFT_MS + 1, counter: 0, node: 'b' });
    expect(() => receiveHlc(initialHlc('a'), beyond, now)).toThrow(/ahead/);
  });

  it('a remote stamp from the past leaves the local clock leading', () => {
    const local = { wall: 5000, counter: 2, node: 'a' };
    expect(receiveHlc(local, formatHlc({ wall: 1000, counter: 9, node: 'b' }), 4000)).toEqual({
      wall: 5000,
      counter: 3,
      node: 'a',
    });
    // Everyone behind the wall clock: it wins and the counter starts over.
    expect(receiveHlc(local, formatHlc({ wall: 1000, counter: 9, node: 'b' }), 9000)).toEqual({
      wall: 9000,
      counter: 0,
      node: 'a',
    });
  });

  it('takes the larger counter when both clocks stand at the same millisecond', () => {
    const merged = receiveHlc({ wall: 7000, counter: 3, node: 'a' }, formatHlc({ wall: 7000, counter: 11, node: 'b' }), 6000);
    expect(merged).toEqual({ wall: 7000, counter: 12, node: 'a' });
  });

  it('rolls into the next millisecond when a received counter is already at its maximum', () => {
    const max = 36 ** 5 - 1;
    const merged = receiveHlc({ wall: 7000, counter: 1, node: 'a' }, formatHlc({ wall: 7000, counter: max, node: 'b' }), 7000);
    expect(merged).toEqual({ wall: 7001, counter: 0, node: 'a' });
    expect(formatHlc(merged) > formatHlc({ wall: 7000, counter: max, node: 'b' })).toBe(true);
  });

  it('refuses text that is not a stamp', () => {
    for (const bad of ['', 'abc', '00000000000001-00000-a', '000000000000001-0000-a', '000000000000001-00000-']) {
      expect(() => parseHlc(bad)).toThrow(/Not a clock stamp/);
    }
  });

  it('every stamp sorts after what this device issued and what it received before it (property)', () => {
    const event = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), now: fc.integer({ min: 0, max: 10_000_000 }) }),
      fc.record({
        kind: fc.constant('receive' as const),
        now: fc.integer({ min: 0, max: 10_000_000 }),
        // Remote clocks anywhere from far behind to just inside the allowed drift.
        ahead: fc.integer({ min: -10_000_000, max: MAX_CLOCK_DRIFT_MS }),
        counter: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(36 ** 5 - 1)),
        node: fc.constantFrom('b', 'c', 'zz'),
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), (events) => {
        let state = initialHlc('a');
        let last = '';
        for (const e of events) {
          let floor = last;
          if (e.kind === 'tick') {
            state = tickHlc(state, e.now);
          } else {
            const remote = formatHlc({ wall: Math.max(0, e.now + e.ahead), counter: e.counter, node: e.node });
            state = receiveHlc(state, remote, e.now);
            if (remote > floor) floor = remote;
          }
          const stamp = formatHlc(state);
          expect(stamp > floor).toBe(true);
          expect(parseHlc(stamp)).toEqual(state);
          last = stamp;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('phone numbers', () => {
  it.each([
    ['6123-4567', '+50761234567'],
    ['6123 4567', '+50761234567'],
    ['+507 6123-4567', '+50761234567'],
    ['00507 61234567', '+50761234567'],
    ['(507) 6123-4567', '+50761234567'],
    ['+57 300 123 4567', '+573001234567'],
    ['6123-456', null],
    ['+1 (305) 234-5678', '+13052345678'],
    ['12', null],
    ['hello', null],
    ['', null],
  ])('%s with Panama as the store country -> %s', (raw, e164) => {
    expect(parsePhone(raw, 'PA')?.e164 ?? null).toBe(e164);
  });

  it.each(['6123-4567', '+50761234567', '+507 6123 4567', '00507-6123-4567', '  6123 4567  ', '507 6123 4567'])(
    'every way of typing the same Panamanian mobile (%s) lands on one E.164 number',
    (raw) => {
      expect(parsePhone(raw, 'PA')?.e164).toBe('+50761234567');
    },
  );

  it.each(['+507 6123', '+507 1234-5678', '00', '0000', '---', '+', '+999 6123 4567', '6123-45678-9'])(
    'refuses %s as a phone number',
    (raw) => {
      expect(parsePhone(raw, 'PA')).toBeNull();
    },
  );

  it('reads a number without country code with the store country, not Panama', () => {
    expect(parsePhone('300 123 4567', 'CO')?.e164).toBe('+573001234567');
    expect(parsePhone('300 123 4567', 'PA')).toBeNull();
  });

  it('keeps what was typed beside the E.164 form', () => {
    expect(parsePhone(' 6123-4567 ', 'PA')).toEqual({ e164: '+50761234567', raw: '6123-4567' });
  });

  it('shows local numbers nationally and foreign ones with their country code', () => {
    expect(formatPhone('+50761234567', 'PA')).toBe('6123-4567');
    expect(formatPhone('+13052345678', 'PA')).toBe('+1 305 234 5678');
    expect(formatPhone('+5072123456', 'PA')).toBe('212-3456');
    expect(formatPhone('+50761234567', 'CO')).toBe('+507 6123 4567');
    expect(formatPhone('+573001234567', 'CO')).toBe('300 1234567');
  });

  it('shows text that is not a number as it is rather than failing', () => {
    expect(formatPhone('not a phone', 'PA')).toBe('not a phone');
  });
});

describe('membership codes', () => {
  it('are valid EAN-13 numbers in the in-store 29 range', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let s = seed;
        const code = generateMembershipCode(() => {
          s = (s * 16807 + 1) % 2147483647;
          return Math.abs(s) / 2147483647;
        });
        return /^29\d{11}$/.test(code) && isMembershipCode(code);
      }),
    );
  });

  it('reject any single-digit typo (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const code = generateMembershipCode(() => 0.37);
        const digit = (Number(code[position]) + delta) % 10;
        const typo = code.slice(0, position) + digit + code.slice(position + 1);
        return !isMembershipCode(typo);
      }),
    );
  });

  it('computes the EAN-13 check digit', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1);
  });
});

describe('text folding', () => {
  it('removes accents and case so "jose" meets "José"', () => {
    expect(foldText('José Núñez ÁNGEL Müller')).toBe('jose nunez angel muller');
  });

  it('folds Ñ and ñ to n, in any case and whether typed composed or decomposed', () => {
    expect(foldText('ÑANDÚ Peña')).toBe('nandu pena');
    expect(foldText('Pen\u0303a')).toBe('pena');
    expect(foldText('Peña')).toBe(foldText('Pen\u0303a'));
  });

  it('splits into folded words and keeps only digits of a phone', () => {
    expect(foldedWords('  María-José  O’Brien, 2ª ')).toEqual(['maria', 'jose', 'o', 'brien', '2a']);
    expect(onlyDigits('+507 (6123)-4567')).toBe('50761234567');
  });
});

describe('validation errors as field -> message key', () => {
  it('maps each failing field to its key, and unknown keys to unknown_field', () => {
    const parsed = customerFieldsSchema.partial().safeParse({ email: 'nope', firstName: 'x'.repeat(101), shoeSize: 44 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(zodFieldErrors(parsed.error)).toEqual({ email: 'invalid_email', firstName: 'too_long', shoeSize: 'unknown_field' });
  });

  it('puts an unknown key inside the customers.update patch next to its own name, and inside filters under filters.<key>', () => {
    const update = channels['customers.update'].input.safeParse({
      id: '018f0000-0000-7000-8000-000000000000',
      patch: { shoeSize: 44, email: 'nope' },
      extra: true,
    });
    if (update.success) throw new Error('should fail');
    expect(zodFieldErrors(update.error)).toEqual({ shoeSize: 'unknown_field', email: 'invalid_email', extra: 'unknown_field' });
    const search = channels['customers.search'].input.safeParse({ query: 'x', filters: { color: 'red' } });
    if (search.success) throw new Error('should fail');
    expect(zodFieldErrors(search.error)).toEqual({ 'filters.color': 'unknown_field' });
  });

  it('keeps the first problem of a field and files a wrong list item under the list', () => {
    const parsed = customerFieldsSchema.partial().safeParse({ tags: ['ok', 'x'.repeat(41), ''] });
    if (parsed.success) throw new Error('should fail');
    expect(zodFieldErrors(parsed.error)).toEqual({ tags: 'too_long' });
  });

  it('reports zod built-in messages as "invalid"', () => {
    const parsed = z.object({ n: z.number() }).safeParse({ n: 'x' });
    if (parsed.success) throw new Error('should fail');
    expect(zodFieldErrors(parsed.error)).toEqual({ n: 'invalid' });
  });

  it('refuses control characters in names', () => {
    expect(customerFieldsSchema.partial().safeParse({ firstName: 'Ana\u0000' }).success).toBe(false);
    expect(customerFieldsSchema.partial().safeParse({ notes: 'line one\nline two' }).success).toBe(true);
  });

  it('needs a name, a valid phone, and for quick-add a phone or email', () => {
    expect(customerRuleErrors({}, 'PA')).toEqual({ firstName: 'required' });
    expect(customerRuleErrors({ kind: 'business', firstName: 'Ana' }, 'PA')).toEqual({ company: 'required' });
    expect(customerRuleErrors({ firstName: 'Ana', phone: '123' }, 'PA')).toEqual({ phone: 'invalid_phone' });
    expect(customerRuleErrors({ firstName: 'Ana' }, 'PA', { requireContact: true })).toEqual({ phone: 'phone_or_email' });
    expect(customerRuleErrors({ firstName: 'Ana', email: 'a@b.co' }, 'PA', { requireContact: true })).toEqual({});
  });
});

describe('ids', () => {
  it('are UUIDv7, unique, and in creation order even within one millisecond', async () => {
    const { newId } = await import('../../shared/ids');
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(Math.abs(Number.parseInt(ids[0]?.replace(/-/g, '').slice(0, 12) ?? '', 16) - Date.now())).toBeLessThan(60_000);
  });
});

describe('sameFilters', () => {
  it('is the same set whatever order the keys were written in, and not once a value differs', () => {
    const conditions = [{ field: 'totalSpent', op: 'gte', value: 10000 }] as const;
    expect(
      sameFilters(
        { hasPhone: true, tag: 'vip', conditions: [...conditions] },
        { conditions: [{ value: 10000, op: 'gte', field: 'totalSpent' }], tag: 'vip', hasPhone: true },
      ),
    ).toBe(true);
    expect(sameFilters({ hasPhone: true }, { hasPhone: true, tag: undefined })).toBe(true);
    expect(sameFilters({ hasPhone: true }, { hasPhone: false })).toBe(false);
    expect(sameFilters({ hasPhone: true }, { hasPhone: true, tag: 'vip' })).toBe(false);
  });
});
