import { describe, expect, it } from 'vitest';
import { parseUserSwitch } from '../../src/session/user-switch.js';

describe('parseUserSwitch', () => {
  it.each([
    ['su', { action: 'push', user: 'root', login: false }],
    ['su -', { action: 'push', user: 'root', login: true }],
    ['su - bob', { action: 'push', user: 'bob', login: true }],
    ['su -l bob', { action: 'push', user: 'bob', login: true }],
    ['su bob', { action: 'push', user: 'bob', login: false }],
    ['sudo su', { action: 'push', user: 'root', login: false }],
    ['sudo su -', { action: 'push', user: 'root', login: true }],
    ['sudo -i', { action: 'push', user: 'root', login: true }],
    ['sudo -s', { action: 'push', user: 'root', login: false }],
    ['sudo -u bob -i', { action: 'push', user: 'bob', login: true }],
    ['sudo -iu bob', { action: 'push', user: 'bob', login: true }],
    ['sudo -i -u bob', { action: 'push', user: 'bob', login: true }],
    ['  exit  ', { action: 'pop' }],
    ['logout', { action: 'pop' }],
    ['exit 3', { action: 'pop', code: 3 }],
  ])('reads %j as a user switch', (line, expected) => {
    expect(parseUserSwitch(line)).toEqual(expected);
  });

  it.each(['ls', 'sudo ls', 'su -c id bob', 'sudo -u bob id', 'exit now', 'summary', ''])('leaves %j to the remote shell', (line) => {
    expect(parseUserSwitch(line)).toBeNull();
  });
});
