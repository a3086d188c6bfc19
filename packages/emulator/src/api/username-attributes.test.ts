// A pool's UsernameAttributes: which values are an e-mail or phone number, the generated username, one owner per address.
import { describe, expect, it } from 'vitest';
import { UserPool } from '../user-pool.js';
import { checkAddressesFree, newUserIdentity } from './username-attributes.js';

function pool(usernameAttributes: ('email' | 'phone_number')[]): UserPool {
  const p = new UserPool('us-east-1_Test1', 'test', 'us-east-1');
  p.usernameAttributes = usernameAttributes;
  return p;
}
const user = (username: string, attributes: Record<string, string>, status?: 'UNCONFIRMED') => ({
  username,
  password: 'x',
  sub: username,
  attributes,
  groups: new Set<string>(),
  enabled: true,
  identities: undefined,
  ...(status ? { status } : {}),
});

describe('newUserIdentity', () => {
  it('keeps the username of a pool without username attributes', () => {
    expect(newUserIdentity(pool([]), 'frank', {})).toEqual({ username: 'frank', attributes: {} });
  });

  it('generates a username equal to the sub and files the address under its attribute', () => {
    const both = pool(['email', 'phone_number']);
    const byMail = newUserIdentity(both, 'a@example.com', { name: 'A' });
    expect(byMail.username).toBe(byMail.sub);
    expect(byMail.attributes).toEqual({ name: 'A', email: 'a@example.com' });
    expect(newUserIdentity(both, '+15555550100', {}).attributes).toEqual({ phone_number: '+15555550100' });
  });

  it("names the pool's attributes when the value is none of them", () => {
    expect(() => newUserIdentity(pool(['phone_number']), 'a@example.com', {})).toThrow(
      'Username should be a phone number.',
    );
    expect(() => newUserIdentity(pool(['email', 'phone_number']), 'bob', {})).toThrow(
      'Username should be either an email or a phone number.',
    );
  });

  it('refuses an address a confirmed user has (any case), not one only an unconfirmed user has', () => {
    const p = pool(['email']);
    p.putUser(user('u1', { email: 'Taken@example.com' }));
    p.putUser(user('u2', { email: 'pending@example.com' }, 'UNCONFIRMED'));
    expect(() => newUserIdentity(p, 'taken@example.com', {})).toThrow(
      'An account with the given email already exists.',
    );
    expect(newUserIdentity(p, 'pending@example.com', {}).attributes.email).toBe('pending@example.com');
    expect(p.user('TAKEN@example.com')?.username).toBe('u1');
  });
});

describe('checkAddressesFree', () => {
  it('refuses to confirm a second owner of an address', () => {
    const p = pool(['email']);
    const owner = user('u1', { email: 'a@example.com' });
    const late = user('u2', { email: 'a@example.com' }, 'UNCONFIRMED');
    p.putUser(owner);
    p.putUser(late);
    expect(() => checkAddressesFree(p, late)).toThrow('An account with the given email already exists.');
    expect(() => checkAddressesFree(p, owner)).not.toThrow();
    // An attribute update to another confirmed user's address is refused too.
    const other = user('u3', { email: 'c@example.com' });
    p.putUser(other);
    expect(() => checkAddressesFree(p, other, { email: 'A@example.com' })).toThrow(/already exists/);
  });
});
