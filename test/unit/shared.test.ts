import fc from 'fast-check';
import { z } from 'zod';
import { customerRuleErrors, customerFieldsSchema } from '../../shared/customers/customer';
import { formatHlc, initialHlc, MAX_CLOCK_DRIFT_MS, parseHlc, receiveHlc, tickHlc } from '../../shared/hlc';
import { ean13CheckDigit, generateMembershipCode, isMembershipCode } from '../../shared/membership-code';
import { formatPhone, parsePhone } from '../../shared/phone';
import { foldText } from '../../shared/text';
import { zodFieldErrors } from '../../shared/validation';

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

  it('keeps what was typed beside the E.164 form', () => {
    expect(parsePhone(' 6123-4567 ', 'PA')).toEqual({ e164: '+50761234567', raw: '6123-4567' });
  });

  it('shows local numbers nationally and foreign ones with their country code', () => {
    expect(formatPhone('+50761234567', 'PA')).toBe('6123-4567');
    expect(formatPhone('+13052345678', 'PA')).toBe('+1 305 234 5678');
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
});

describe('validation errors as field -> message key', () => {
  it('maps each failing field to its key, and unknown keys to unknown_field', () => {
    const parsed = customerFieldsSchema.partial().safeParse({ email: 'nope', firstName: 'x'.repeat(101), shoeSize: 44 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(zodFieldErrors(parsed.error)).toEqual({ email: 'invalid_email', firstName: 'too_long', shoeSize: 'unknown_field' });
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
