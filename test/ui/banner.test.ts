import { describe, expect, it } from 'vitest';
import { formatBanner } from '../../src/ui/banner.js';

describe('formatBanner', () => {
  it('names the instance, its facts and the caller', () => {
    expect(
      formatBanner(
        { instanceId: 'i-0abc', name: 'web-1', platform: 'Amazon Linux 2023', privateIp: '10.0.0.5', agentVersion: '3.3.1', identity: 'arn:aws:iam::1:user/a' },
        false,
      ),
    ).toBe('web-1 (i-0abc) · Amazon Linux 2023 · 10.0.0.5 · agent 3.3.1\nas arn:aws:iam::1:user/a · over SSM Run Command · Ctrl+D or exit to leave\n');
  });

  it('falls back to the instance id and an unknown caller', () => {
    expect(formatBanner({ instanceId: 'i-0abc' }, false)).toBe('i-0abc\nas unknown caller · over SSM Run Command · Ctrl+D or exit to leave\n');
  });
});
