import { describe, expect, it } from 'vitest';
import { isSuccessfulDeployment } from './is-successful-deployment.js';

describe('isSuccessfulDeployment', () => {
  const base = { at: 0, actor: 'kim' } as const;

  it('counts deploys and rollbacks unless they record ok: false', () => {
    expect(isSuccessfulDeployment({ ...base, type: 'deployed', data: { ok: true } })).toBe(true);
    expect(isSuccessfulDeployment({ ...base, type: 'rolled-back' })).toBe(true);
    expect(isSuccessfulDeployment({ ...base, type: 'deployed', data: { ok: false } })).toBe(false);
    expect(isSuccessfulDeployment({ ...base, type: 'rolled-back', data: { ok: false } })).toBe(false);
  });

  it('is false for every other event type', () => {
    expect(isSuccessfulDeployment({ ...base, type: 'promoted', data: { ok: true } })).toBe(false);
  });
});
