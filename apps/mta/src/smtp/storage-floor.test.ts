import { describe, expect, it } from 'vitest';
import { StorageFloor } from './storage-floor.js';

describe('StorageFloor', () => {
  it('lets checks that come while free space is being read share that reading, and reads again for later ones', async () => {
    let reads = 0;
    let free = 10_000;
    const floor = new StorageFloor(async () => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return free;
    }, 5_000);
    await Promise.all([floor.check(), floor.check(), floor.check(1000)]);
    expect(reads).toBe(1);
    free = 4_000;
    await expect(floor.check()).rejects.toMatchObject({ responseCode: 452 });
    expect(reads).toBe(2);
  });

  it('takes mail when free space cannot be read', async () => {
    const floor = new StorageFloor(() => Promise.reject(new Error('EIO')), 5_000);
    await expect(floor.check()).resolves.toBeUndefined();
  });
});
