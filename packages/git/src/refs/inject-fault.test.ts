import { afterEach, describe, expect, it } from 'vitest';
import { injectFault } from './inject-fault.js';

describe('injectFault with an errno', () => {
  const saved = process.env['RELCTL_FAULT'];
  afterEach(() => {
    if (saved === undefined) delete process.env['RELCTL_FAULT'];
    else process.env['RELCTL_FAULT'] = saved;
  });

  it('fails the n-th reach of a point with the errno, shaped as fs throws it, naming the file', async () => {
    process.env['RELCTL_FAULT'] = 'test:one#2=ENOSPC';
    await expect(injectFault({ point: 'test:one', path: '/r/a.bin' })).resolves.toBeUndefined();
    await expect(injectFault({ point: 'test:one', path: '/r/b.bin' })).rejects.toMatchObject({ code: 'ENOSPC', syscall: 'write', path: '/r/b.bin' });
    await expect(injectFault({ point: 'test:one', path: '/r/c.bin' })).resolves.toBeUndefined();
  });

  it('with `+` fails that reach and every later one; several specs may be given', async () => {
    process.env['RELCTL_FAULT'] = 'test:other=EIO, test:two#2+=EROFS';
    await expect(injectFault({ point: 'test:two' })).resolves.toBeUndefined();
    await expect(injectFault({ point: 'test:two' })).rejects.toMatchObject({ code: 'EROFS' });
    await expect(injectFault({ point: 'test:two' })).rejects.toMatchObject({ code: 'EROFS' });
    await expect(injectFault({ point: 'test:other' })).rejects.toMatchObject({ code: 'EIO' });
    await expect(injectFault({ point: 'test:three:1' })).resolves.toBeUndefined();
  });
});
