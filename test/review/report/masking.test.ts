import { describe, expect, it } from 'vitest';
import { looksPersonal, masker, maskValue } from '../../../src/review/report/masking.js';

describe('sample-rows masking', () => {
  it('knows personal-data column names, and leaves ordinary ones alone', () => {
    for (const name of ['email', 'customer_email', 'phone', 'mobile', 'first_name', 'last_name', 'full_name', 'name', 'address', 'street', 'ip', 'ip_address', 'birth_date', 'date_of_birth', 'dob', 'ssn', 'iban'])
      expect(looksPersonal(name), name).toBe(true);
    for (const name of ['movie_id', 'title', 'genre_name', 'amount', 'status', 'zipper_count', 'rating', 'shipped_at', 'description'])
      expect(looksPersonal(name), name).toBe(false);
  });

  it('hashes personal values and project-tagged columns, keeps the rest, and keeps equal values equal', () => {
    const mask = masker('masked');
    const row = mask.row({ id: 1, customer_email: 'ann@example.com', loyalty_code: 'X-42', amount: 10 }, ['loyalty_code']);
    expect(row).toEqual({ id: 1, customer_email: maskValue('ann@example.com'), loyalty_code: maskValue('X-42'), amount: 10 });
    expect(row.customer_email).toMatch(/^#[0-9a-f]{8}$/);
    expect(mask.value('email', 'ann@example.com')).toBe(mask.value('contact_email', 'ann@example.com'));
    expect(mask.value('email', null)).toBeNull();
  });

  it('shows everything when on', () => {
    expect(masker('on').row({ email: 'ann@example.com' })).toEqual({ email: 'ann@example.com' });
  });
});
