/**
 * Studies that persist: the trials of an adaptive search (tpe) are written to
 * `<output>/studies/<dataset>/<algorithm>/<key>-fold<k>.json` as soon as each finishes, with an
 * atomic write (temporary file, then rename), so a killed search resumes where it stopped and a
 * larger `n_trials` continues the study. The key hashes everything that makes trials comparable
 * (data rows, params, preprocessing, search space, sampler and pruner, seed, fold), not the
 * budget (`n_trials`, `timeout`): change the space and a new study starts beside the old one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SweepError, type JsonValue } from '../core/index.js';
import type { StudyTrial } from '../evaluation/index.js';

/** What a study file holds. */
export interface StudyFile {
  key: string;
  dataset: string;
  algorithm: string;
  fold: number;
  method: string;
  scoring: string;
  /** Whether the scoring metric is maximized. */
  direction: 'maximize' | 'minimize';
  trials: StudyTrial[];
}

/** A study's key: a short hash of everything that makes its trials comparable. */
export function studyKey(parts: JsonValue): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
}

/** The file of a study. */
export function studyPath(studyDir: string, key: string, fold: number): string {
  return path.join(studyDir, `${key}-fold${fold}.json`);
}

/** The trials of a study file, or none when it does not exist yet. A damaged file is a named error. */
export async function readStudy(file: string): Promise<StudyFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SweepError('SWEEP_DATASET_IO', `cannot read the study ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const study = JSON.parse(text) as StudyFile;
    if (!Array.isArray(study.trials)) throw new Error('no trials list');
    return study;
  } catch (error) {
    throw new SweepError('SWEEP_DATASET_INVALID', `the study ${file} is damaged: ${(error as Error).message}`, { hint: 'delete it to start the study again', cause: error });
  }
}

/** Writes a study atomically: a reader (or a resumed run) sees the old file or the new one, never half of one. */
export async function writeStudy(file: string, study: StudyFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, `${JSON.stringify(study)}\n`);
  await rename(tmp, file);
}

/** Every study under `<output>/studies`, for `sweep study ls|show`. */
export async function listStudies(outputDir: string): Promise<Array<StudyFile & { file: string }>> {
  const root = path.join(outputDir, 'studies');
  const out: Array<StudyFile & { file: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    let names: import('node:fs').Dirent[];
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of names.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith('.json')) {
        const study = await readStudy(full);
        if (study !== null) out.push({ ...study, file: full });
      }
    }
  };
  await walk(root);
  return out;
}
