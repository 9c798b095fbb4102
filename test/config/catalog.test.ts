import { describe, expect, it } from 'vitest';
import { issuesOf, parse } from './helpers.js';

const CATALOG = `adult:
  path: datasets/adult.csv.gz
  target: income
mushroom:
  path: datasets/mushroom.csv.gz
  target: edibility
  na_values: ['?']
remote:
  path: https://example.org/data/iris.csv?raw=1
  target: species
`;

const ALGORITHMS = 'algorithms:\n  decision-tree: {}\n';

describe('catalog.yaml references', () => {
  it('an empty entry, {} or a bare key means the catalog entry of that name', () => {
    const config = parse(`datasets:\n  adult:\n  mushroom: {}\n${ALGORITHMS}`, CATALOG);
    expect(config.catalogPath).toBe('/proj/conf/catalog.yaml');
    expect(config.datasets.map((d) => [d.name, d.path, d.target, d.catalogEntry])).toEqual([
      ['adult', '/proj/datasets/adult.csv.gz', 'income', 'adult'],
      ['mushroom', '/proj/datasets/mushroom.csv.gz', 'edibility', 'mushroom'],
    ]);
    expect(config.datasets[1]!.naValues).toEqual(['?']);
    // The source line is the reference's line in sweep.yaml.
    expect(config.datasets.map((d) => d.source.line)).toEqual([2, 3]);
  });

  it('a string names the catalog entry to use under another name', () => {
    const config = parse(`datasets:\n  adult-local: adult\n${ALGORITHMS}`, CATALOG);
    expect(config.datasets[0]).toMatchObject({ name: 'adult-local', path: '/proj/datasets/adult.csv.gz', catalogEntry: 'adult' });
  });

  it('a list of names is accepted', () => {
    const config = parse(`datasets: [mushroom, adult]\n${ALGORITHMS}`, CATALOG);
    expect(config.datasets.map((d) => d.name)).toEqual(['mushroom', 'adult']);
  });

  it('an entry without path overrides the catalog entry of the same name', () => {
    const config = parse(`datasets:\n  adult:\n    sample: 1000\n    preprocessing: { scale: standard }\n${ALGORITHMS}`, CATALOG);
    expect(config.datasets[0]).toMatchObject({ path: '/proj/datasets/adult.csv.gz', target: 'income', sample: 1000, catalogEntry: 'adult' });
    expect(config.datasets[0]!.preprocessing.scale).toBe('standard');
    expect(config.datasets[0]!.preprocessing.categorical).toBe('onehot');
  });

  it('URLs in the catalog are kept as written, with the type from the extension', () => {
    const config = parse(`datasets: [remote]\n${ALGORITHMS}`, CATALOG);
    expect(config.datasets[0]).toMatchObject({ type: 'csv', path: 'https://example.org/data/iris.csv?raw=1' });
  });

  it('a missing catalog entry names the key and suggests a catalog name', () => {
    const issues = issuesOf(`datasets:\n  adlut:\n${ALGORITHMS}`, CATALOG);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'conf/sweep.yaml', line: 2, key: 'datasets.adlut' });
    expect(issues[0]!.message).toBe("dataset 'adlut' is not defined in conf/catalog.yaml; did you mean 'adult'?");
    expect(issues[0]!.hint).toBe('conf/catalog.yaml defines: adult, mushroom, remote');
  });

  it('a reference without any catalog.yaml says so', () => {
    const issues = issuesOf(`datasets:\n  adult:\n${ALGORITHMS}`);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/no catalog.yaml next to sweep.yaml/);
  });

  it('problems inside a catalog entry are reported in catalog.yaml at their line, once', () => {
    const catalog = `${CATALOG}broken:\n  path: b.csv\n  traget: y\n`;
    const issues = issuesOf(`datasets:\n  one: broken\n  two: broken\n${ALGORITHMS}`, catalog);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'conf/catalog.yaml', line: 13, key: 'broken.traget' });
    expect(issues[0]!.message).toMatch(/did you mean 'target'/);
  });

  it('a rule broken by the catalog part points at catalog.yaml; by the override, at sweep.yaml', () => {
    const catalog = 'kdd:\n  path: kdd.csv.gz\n  header: false\n  target: label\n';
    const fromCatalog = issuesOf(`datasets: [kdd]\n${ALGORITHMS}`, catalog);
    expect(fromCatalog).toHaveLength(1);
    expect(fromCatalog[0]).toMatchObject({ file: 'conf/catalog.yaml', line: 3, key: 'kdd.header' });
    const fromOverride = issuesOf(`datasets:\n  kdd:\n    target: lbl\n    columns: [a, label]\n${ALGORITHMS}`, catalog);
    expect(fromOverride).toHaveLength(1);
    expect(fromOverride[0]).toMatchObject({ file: 'conf/sweep.yaml', line: 3, key: 'datasets.kdd.target' });
  });

  it('a catalog.yaml syntax error is reported with the catalog file and line', () => {
    const issues = issuesOf(`datasets:\n  adult:\n${ALGORITHMS}`, 'adult:\n  path: [a\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.file).toBe('conf/catalog.yaml');
    expect(issues[0]!.message).toMatch(/^YAML syntax error/);
  });

  it('unused catalog entries are not validated', () => {
    expect(() => parse(`datasets: [adult]\n${ALGORITHMS}`, `${CATALOG}junk: 3\n`)).not.toThrow();
  });
});
