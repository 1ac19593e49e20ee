import { describe, expect, it } from 'vitest';
import { remoteTrackingRef } from './remote-tracking-ref.js';

describe('remoteTrackingRef', () => {
  it('maps branches and relctl refs under the remote, tags onto themselves, nothing else', () => {
    const map = (ref: string) => remoteTrackingRef({ remote: 'up', ref });
    expect(map('refs/heads/req/A')).toBe('refs/remotes/up/req/A');
    expect(map('refs/relctl/log')).toBe('refs/remotes/up/relctl/log');
    expect(map('refs/tags/v1')).toBe('refs/tags/v1');
    expect(map('refs/tags/v1^{}')).toBeNull();
    expect(map('refs/pull/1/head')).toBeNull();
    expect(map('HEAD')).toBeNull();
  });
});
