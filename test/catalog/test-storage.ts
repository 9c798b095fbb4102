/**
 * The storage-driver contract (as unstorage's per-driver suite): every driver in `storageDrivers`
 * runs it through `storage-contract.test.ts`. A harness says where the driver may write and, for
 * read-only drivers, how to put bytes where the driver can read them.
 */
import { describe, expect, it } from 'vitest';
import { StorageError, type StorageDriver } from '../../src/catalog/index.js';

/** What the contract needs to know about a driver's storage for one test run. */
export interface StorageHarness {
  /** A fresh URL for key `key` (a plain file name such as `a.bin`) where this run may store bytes. */
  url(key: string): string;
  /** Puts bytes at `url` behind the driver's back (required for read-only drivers). */
  seed?(url: string, bytes: Buffer): Promise<void>;
  /** Everything currently stored in this run's area, to prove writes leave no temp objects. */
  list(): Promise<string[]>;
}

const bytesA = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
const bytesB = Buffer.from('second version, longer than the first', 'utf8');

/** Runs the storage contract for `driver` against the storage `harness()` prepares. */
export function testStorage(driver: StorageDriver, harness: () => StorageHarness): void {
  describe(`storage driver '${driver.name}'`, () => {
    it('reads what is stored, byte for byte', async () => {
      const h = harness();
      const url = h.url('a.bin');
      await put(driver, h, url, bytesA);
      expect(Buffer.compare(await driver.read(url), bytesA)).toBe(0);
    });

    it('says whether a URL exists', async () => {
      const h = harness();
      const url = h.url('b.bin');
      expect(await driver.exists(url)).toBe(false);
      await put(driver, h, url, bytesA);
      expect(await driver.exists(url)).toBe(true);
    });

    it('fails clearly, as not found, when reading a missing URL', async () => {
      const h = harness();
      const url = h.url('missing.bin');
      const error = await driver.read(url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).notFound).toBe(true);
      expect((error as StorageError).message).toContain('missing.bin');
    });

    if (driver.writable) {
      it('overwrites, and leaves no temp objects behind', async () => {
        const h = harness();
        const url = h.url('c.bin');
        await driver.write(url, bytesA);
        await driver.write(url, bytesB);
        expect((await driver.read(url)).toString('utf8')).toBe(bytesB.toString('utf8'));
        const stored = await h.list();
        expect(stored).toEqual([url]);
      });

      it('writes nested keys', async () => {
        const h = harness();
        const url = h.url('deep/er/d.bin');
        await driver.write(url, bytesA);
        expect(await driver.exists(url)).toBe(true);
        expect(Buffer.compare(await driver.read(url), bytesA)).toBe(0);
      });

      it('keeps its copy: mutating the buffers passed in or returned does not change what is stored', async () => {
        const h = harness();
        const url = h.url('e.bin');
        const input = Buffer.from(bytesA);
        await driver.write(url, input);
        input[0] = 99;
        const first = await driver.read(url);
        first[1] = 99;
        expect(Buffer.compare(await driver.read(url), bytesA)).toBe(0);
      });

      if (driver.create !== undefined) {
        it('creates only what is not there yet: a second create of the same URL is refused and keeps the first bytes', async () => {
          const h = harness();
          const url = h.url('claim/g.bin');
          expect(await driver.create!(url, bytesA)).toBe(true);
          expect(await driver.create!(url, bytesB)).toBe(false);
          expect(Buffer.compare(await driver.read(url), bytesA)).toBe(0);
        });
      }

      if (driver.list !== undefined && driver.removeAll !== undefined) {
        it('lists a folder recursively and removes it whole', async () => {
          const h = harness();
          const keep = h.url('keep.bin');
          const folder = h.url('tree');
          const inside = [h.url('tree/a.bin'), h.url('tree/sub/b.bin')];
          for (const url of [keep, ...inside]) await driver.write(url, bytesA);
          expect((await driver.list!(folder)).sort()).toEqual([...inside].sort());
          await driver.removeAll!(folder);
          expect(await driver.list!(folder)).toEqual([]);
          expect(await driver.exists(keep)).toBe(true);
          await expect(driver.removeAll!(folder)).resolves.toBeUndefined();
        });
      }

      if (driver.remove !== undefined) {
        it('removes, and removing twice is not an error', async () => {
          const h = harness();
          const url = h.url('f.bin');
          await driver.write(url, bytesA);
          await driver.remove!(url);
          expect(await driver.exists(url)).toBe(false);
          await expect(driver.remove!(url)).resolves.toBeUndefined();
        });
      }
    } else {
      it('refuses to write, with an error naming the URL and saying it is read-only', async () => {
        const h = harness();
        const url = h.url('g.bin');
        await expect(driver.write(url, bytesA)).rejects.toThrow(/read-only/);
        await expect(driver.write(url, bytesA)).rejects.toThrow(url);
      });
    }
  });
}

async function put(driver: StorageDriver, h: StorageHarness, url: string, bytes: Buffer): Promise<void> {
  if (driver.writable) await driver.write(url, bytes);
  else if (h.seed !== undefined) await h.seed(url, bytes);
  else throw new Error(`the harness of read-only driver '${driver.name}' needs seed()`);
}
