import { describe, expect, it } from 'vitest';
import { describeTarget, isInstanceId, looksLikeBrokenId, parseTarget, type ParsedTarget } from '../../src/target/parse-target.js';
import { SmshError } from '../../src/util/smsh-error.js';

describe('parseTarget', () => {
  const cases: [string, string, ParsedTarget][] = [
    ['a 17-character EC2 id is an instance id', 'i-0123456789abcdef0', { kind: 'instance-id', id: 'i-0123456789abcdef0' }],
    ['an 8-character EC2 id is an instance id', 'i-12345678', { kind: 'instance-id', id: 'i-12345678' }],
    ['a hybrid mi- id is an instance id', 'mi-0123456789abcdef0', { kind: 'instance-id', id: 'mi-0123456789abcdef0' }],
    ['surrounding spaces are ignored', '  i-12345678 ', { kind: 'instance-id', id: 'i-12345678' }],
    ['an id of the wrong length is read as a Name', 'i-123', { kind: 'name', value: 'i-123' }],
    ['an mi- id of 8 characters is not an id', 'mi-12345678', { kind: 'name', value: 'mi-12345678' }],
    ['a private IPv4 address is an ip', '10.0.0.1', { kind: 'ip', ip: '10.0.0.1' }],
    ['a public IPv4 address is an ip', '3.4.5.6', { kind: 'ip', ip: '3.4.5.6' }],
    ['leading zeros in octets are read as decimal', '010.000.000.001', { kind: 'ip', ip: '10.0.0.1' }],
    ['255.255.255.255 is a valid ip', '255.255.255.255', { kind: 'ip', ip: '255.255.255.255' }],
    ['a private EC2 DNS name is dns', 'ip-10-0-0-1.ec2.internal', { kind: 'dns', name: 'ip-10-0-0-1.ec2.internal' }],
    [
      'a public EC2 DNS name is dns',
      'ec2-3-4-5-6.compute-1.amazonaws.com',
      { kind: 'dns', name: 'ec2-3-4-5-6.compute-1.amazonaws.com' },
    ],
    ['DNS names are lower-cased and lose a trailing dot', 'Host.Example.COM.', { kind: 'dns', name: 'host.example.com' }],
    ['three dotted numbers are a DNS name, not an ip', '10.0.1', { kind: 'dns', name: '10.0.1' }],
    ['tag:Key=Value is a tag', 'tag:Env=prod', { kind: 'tag', key: 'Env', value: 'prod' }],
    ['the tag prefix is case-insensitive', 'TAG:Env=prod', { kind: 'tag', key: 'Env', value: 'prod' }],
    ['a tag value may contain = and spaces', 'tag:Role=a=b c', { kind: 'tag', key: 'Role', value: 'a=b c' }],
    ['a tag value may be empty', 'tag:Env=', { kind: 'tag', key: 'Env', value: '' }],
    ['a tag key may contain a colon', 'tag:aws:autoscaling:groupName=web', { kind: 'tag', key: 'aws:autoscaling:groupName', value: 'web' }],
    ['a plain word is a Name', 'web', { kind: 'name', value: 'web' }],
    ['a Name may contain spaces', 'my web server', { kind: 'name', value: 'my web server' }],
    ['a Name keeps its case', 'Web-01', { kind: 'name', value: 'Web-01' }],
    ['an upper-case I- prefix is a Name', 'I-12345678', { kind: 'name', value: 'I-12345678' }],
  ];
  it.each(cases)('%s', (_title, input, expected) => {
    expect(parseTarget(input)).toEqual(expected);
  });

  const usage: [string, string, RegExp][] = [
    ['an empty target', '', /no target given/],
    ['a blank target', '   ', /no target given/],
    ['an octet over 255', '10.0.0.256', /not a valid IPv4 address: 10\.0\.0\.256/],
    ['a tag without =', 'tag:Env', /expected tag:Key=Value/],
    ['a tag without a key', 'tag:=prod', /tag key is empty/],
  ];
  it.each(usage)('rejects %s as a usage error', (_title, input, message) => {
    let caught: unknown;
    try {
      parseTarget(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SmshError);
    expect((caught as SmshError).kind).toBe('usage');
    expect((caught as SmshError).message).toMatch(message);
  });
});

describe('instance id helpers', () => {
  it.each([
    ['i-12345678', true],
    ['i-0123456789abcdef0', true],
    ['mi-0123456789abcdef0', true],
    ['i-1234567', false],
    ['i-0123456789abcdef01', false],
    ['mi-12345678', false],
  ])('isInstanceId(%s) is %s', (text, expected) => {
    expect(isInstanceId(text)).toBe(expected);
  });

  it.each([
    ['i-123', true],
    ['mi-abc', true],
    ['i-12345678', false],
    ['web', false],
  ])('looksLikeBrokenId(%s) is %s', (text, expected) => {
    expect(looksLikeBrokenId(text)).toBe(expected);
  });
});

describe('describeTarget', () => {
  it.each<[ParsedTarget, string]>([
    [{ kind: 'instance-id', id: 'i-12345678' }, 'i-12345678'],
    [{ kind: 'ip', ip: '10.0.0.1' }, '10.0.0.1'],
    [{ kind: 'dns', name: 'a.b' }, 'a.b'],
    [{ kind: 'tag', key: 'Env', value: 'prod' }, 'tag:Env=prod'],
    [{ kind: 'name', value: 'web' }, '"web"'],
  ])('names %j as %s', (target, expected) => {
    expect(describeTarget(target)).toBe(expected);
  });
});
