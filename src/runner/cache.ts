/**
 * The node cache: content-addressed outputs of declared nodes. A node's key is a hash of its code
 * version, a fingerprint of the code, its args (params, seed, …) and the keys of its inputs (a
 * source's content hash, or the key of the node that produced it), so a key is known before
 * anything runs and a change anywhere upstream changes every key below it. Entries live under a
 * root folder or URL through the storage drivers: `<root>/nodes/<kk>/<key>/<output>` plus a
 * `manifest.json` written last, with each output's sha-256, checked on every read.
 */
import { createHash } from 'node:crypto';
import { datasetTypes, storageDrivers, schemeOf, StorageError, type Catalog, type DatasetEntry, type StorageDriver } from '../catalog/index.js';
import { SweepError, type JsonValue } from '../core/index.js';
import type { Node, Pipeline } from '../pipeline/index.js';
import { runInline } from './runner.js';

/** What the cache says about one node of a run. */
export type CacheStatus = 'hit' | 'miss';

/** One cached node, as `manifest.json` records it. */
export interface CacheManifest {
  node: string;
  key: string;
  created: string;
  seconds: number;
  outputs: Record<string, { sha256: string; size: number; type: string }>;
}

/** Options of a `NodeCache`. */
export interface NodeCacheOptions {
  /** A folder (absolute) or a URL (`s3://bucket/prefix`). */
  root: string;
  /** Mixed into every key: a fingerprint of the code, so a new build never reads an old result. */
  salt: string;
  /** Keys of the pipeline's free inputs (source datasets), by dataset name: their content hashes. */
  sources: Record<string, string>;
  /** Recompute every node (still writing the cache). */
  force?: boolean;
  /**
   * Outputs the run does not keep (memory values, scratch files): a hit only notes them, and they
   * are written only if a node that runs reads them. Absent: every output is restored.
   */
  defer?: (entry: DatasetEntry) => boolean;
}

/** A restored output not written yet. */
interface Deferred {
  node: Node;
  url: string;
  meta: CacheManifest['outputs'][string];
}

/**
 * Whether the cached bytes are exactly what saving the value to `entry` would write: same type,
 * a plain (not gzipped, not live) file, no type options.
 */
function storesAsCached(entry: DatasetEntry, type: string): boolean {
  return entry.type === type && datasetTypes.get(type).live !== true && !entry.path.endsWith('.gz') && Object.keys(entry.options ?? {}).length === 0;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with sorted keys, so equal args always give the same key. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * Node outputs cached by content-addressed keys. `keys(pipeline)` computes every node's key up
 * front; `restore` puts a cached node's outputs into the catalog; `store` records a finished one.
 */
export class NodeCache {
  readonly root: string;
  /** Problems that did not stop the run (a corrupt entry recomputed, a failed cache write). */
  readonly warnings: string[] = [];
  private readonly driver: StorageDriver;
  private keyByNode = new Map<string, string>();
  private readonly deferred = new Map<string, Deferred>();

  constructor(private readonly options: NodeCacheOptions) {
    this.root = options.root.replace(/\/+$/, '');
    this.driver = storageDrivers.get(schemeOf(this.root));
  }

  /**
   * Keys every cacheable node of the pipeline: declared (it has a code version and output types)
   * and with every input keyed. Nodes downstream of an unkeyed one get no key (always run).
   */
  plan(pipeline: Pipeline): Map<string, string> {
    const datasetKey = new Map<string, string>(Object.entries(this.options.sources));
    const keys = new Map<string, string>();
    for (const n of pipeline.nodes) {
      const inputs: Record<string, string> = {};
      let keyed = n.version !== undefined && n.outputTypes !== undefined;
      for (const [local, dataset] of Object.entries(n.inputs)) {
        const k = datasetKey.get(dataset);
        if (k === undefined) keyed = false;
        else inputs[local] = k;
      }
      if (!keyed) continue;
      const key = sha256(canonicalJson({ version: n.version, salt: this.options.salt, args: n.args as JsonValue, inputs }));
      keys.set(n.name, key);
      for (const [local, dataset] of Object.entries(n.outputs)) datasetKey.set(dataset, sha256(`${key}:${local}`));
    }
    this.keyByNode = keys;
    return keys;
  }

  private dir(key: string): string {
    return `${this.root}/nodes/${key.slice(0, 2)}/${key}`;
  }

  /**
   * Where output `local` of node `name` lives in the cache, or undefined when the node has no key
   * (after `plan`). A run may point an intermediate's catalog entry here, so the node (on a worker
   * thread, process or machine) writes it straight into the shared cache and readers load it from
   * there: nothing is copied in or out.
   */
  outputUrl(name: string, local: string): string | undefined {
    const key = this.keyByNode.get(name);
    return key === undefined ? undefined : `${this.dir(key)}/${local}`;
  }

  /**
   * Restores a cached node: outputs the run keeps get the cached bytes (copied as they are when
   * the entry stores them the same way, else decoded and saved); outputs `defer` names are only
   * noted, and written when a node that runs reads them (`materialize`). False (a miss) when the
   * entry is absent, forced or corrupt.
   */
  async restore(node: Node, catalog: Catalog): Promise<boolean> {
    const key = this.keyByNode.get(node.name);
    if (key === undefined || this.options.force === true) return false;
    let manifest: CacheManifest;
    try {
      manifest = JSON.parse((await this.driver.read(`${this.dir(key)}/manifest.json`)).toString('utf8')) as CacheManifest;
    } catch (error) {
      if (!(error instanceof StorageError && error.notFound)) this.warnings.push(`cache entry of '${node.name}' unreadable, recomputed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    const deferred: Array<[string, Deferred]> = [];
    const writes: Array<() => Promise<void>> = [];
    for (const [local, dataset] of Object.entries(node.outputs)) {
      const meta = manifest.outputs[local];
      if (meta === undefined) return false;
      const url = `${this.dir(key)}/${local}`;
      const entry = catalog.has(dataset) ? catalog.entry(dataset) : undefined;
      if (entry !== undefined && this.options.defer?.(entry) === true) {
        deferred.push([dataset, { node, url, meta }]);
        continue;
      }
      const bytes = await this.verifiedBytes(node, local, url, meta);
      if (bytes === null) return false;
      if (entry?.path === url) continue; // the entry is the cache file itself
      if (entry !== undefined && storesAsCached(entry, meta.type)) writes.push(() => storageDrivers.get(schemeOf(entry.path)).write(entry.path, bytes));
      else writes.push(async () => catalog.save(dataset, await this.decode(dataset, url, meta, bytes)));
    }
    for (const write of writes) await write();
    for (const [dataset, d] of deferred) this.deferred.set(dataset, d);
    return true;
  }

  /**
   * Writes the deferred outputs among `datasets` into the catalog before a node reads them. A
   * deferred output found corrupt now is recomputed: its node runs here, on this thread.
   */
  async materialize(datasets: Iterable<string>, catalog: Catalog): Promise<void> {
    for (const dataset of datasets) {
      const d = this.deferred.get(dataset);
      if (d === undefined) continue;
      this.deferred.delete(dataset);
      const local = Object.entries(d.node.outputs).find(([, name]) => name === dataset)![0];
      const bytes = await this.verifiedBytes(d.node, local, d.url, d.meta);
      if (bytes !== null) {
        await catalog.save(dataset, await this.decode(dataset, d.url, d.meta, bytes));
        continue;
      }
      for (const other of Object.values(d.node.outputs)) this.deferred.delete(other);
      await this.materialize(Object.values(d.node.inputs), catalog);
      const outcome = await runInline(d.node, catalog);
      if (outcome.status !== 'ok') {
        throw new SweepError('SWEEP_RUN_FAILED', `node '${d.node.name}' (recomputed because its cache entry is corrupt) failed: ${outcome.error?.message ?? 'unknown error'}`, { hint: 'run again with --force' });
      }
      await this.store(d.node, catalog, outcome.seconds);
    }
  }

  /** An output's bytes when its checksum matches the manifest; null (with a warning) otherwise. */
  private async verifiedBytes(node: Node, local: string, url: string, meta: CacheManifest['outputs'][string]): Promise<Buffer | null> {
    let bytes: Buffer;
    try {
      bytes = await this.driver.read(url);
    } catch {
      this.warnings.push(`cache entry of '${node.name}' lost its output '${local}', recomputed`);
      return null;
    }
    if (sha256(bytes) !== meta.sha256) {
      this.warnings.push(`cache entry of '${node.name}' is corrupt (checksum of '${local}' differs), recomputed`);
      return null;
    }
    return bytes;
  }

  private decode(dataset: string, url: string, meta: CacheManifest['outputs'][string], bytes: Buffer): Promise<unknown> | unknown {
    const entry: DatasetEntry = { name: dataset, type: meta.type, path: url };
    return datasetTypes.get(meta.type).load(bytes, entry, { read: (u) => this.driver.read(u) });
  }

  /**
   * Records a finished node's outputs; the manifest goes last. An output whose entry is the cache
   * file (the node wrote it there) is only hashed; a plain file of the type is copied as bytes;
   * anything else (memory values) is saved from its value.
   */
  async store(node: Node, catalog: Catalog, seconds: number): Promise<void> {
    const key = this.keyByNode.get(node.name);
    if (key === undefined || node.outputTypes === undefined) return;
    try {
      const outputs: CacheManifest['outputs'] = {};
      for (const [local, dataset] of Object.entries(node.outputs)) {
        const type = node.outputTypes[local] ?? 'json';
        const url = `${this.dir(key)}/${local}`;
        const source = catalog.has(dataset) ? catalog.entry(dataset) : undefined;
        let bytes: Buffer;
        // Written by the node into the cache: only hashed. A plain file of the type: its bytes copied.
        if (source?.path === url) bytes = await this.driver.read(url);
        else {
          bytes = source !== undefined && storesAsCached(source, type)
            ? await storageDrivers.get(schemeOf(source.path)).read(source.path)
            : await datasetTypes.get(type).save!(await catalog.load(dataset), { name: dataset, type, path: url });
          await this.driver.write(url, bytes);
        }
        outputs[local] = { sha256: sha256(bytes), size: bytes.length, type };
      }
      const manifest: CacheManifest = { node: node.name, key, created: new Date().toISOString(), seconds, outputs };
      await this.driver.write(`${this.dir(key)}/manifest.json`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    } catch (error) {
      this.warnings.push(`could not cache '${node.name}': ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
