/** The starter config `sweep init` writes: commented, valid, and runnable on the bundled datasets. */

const SWEEP_YAML = `# yaml-language-server: $schema=../schema/sweep.schema.json
# A sweep trains every algorithm below on every dataset below, evaluates each pair and writes a
# report. Relative paths resolve against the project root (the folder holding conf/).
name: starter-sweep
seed: 0                          # every random choice (splits, forests, samples) derives from it

datasets:
  # An empty entry means "defined in conf/catalog.yaml under this name".
  adult:
  mushroom:
  # A full entry instead:
  # letters:
  #   path: data/letters.csv       # local path or http(s):// URL; .gz is read transparently
  #   target: letter
  #   sample: 5000                 # stratified, seeded subsample of the rows

algorithms:
  decision-tree: { max_depth: 12 }
  random-forest: { n_estimators: 100 }
  naive-bayes: {}
  # knn: { n_neighbors: 5 }        # variants: knn-k1: { algorithm: knn, n_neighbors: 1 }
  # decision-tree-search:          # a hyperparameter search
  #   algorithm: decision-tree
  #   search: { method: grid, param_grid: { max_depth: [4, 8, 16] } }

evaluation:
  strategy: holdout              # or kfold, stratified_kfold, repeated_stratified_kfold, shuffle_split
  test_size: 0.3
  stratify: true
  metrics: [accuracy, balanced_accuracy, f1_macro, f1_weighted]

output:
  dir: reports
`;

const CATALOG_YAML = `# Datasets by name; conf/sweep.yaml refers to them with an empty entry (\`adult:\`).
adult:
  path: datasets/adult.csv.gz    # 30,162 rows, 14 features (8 categorical)
  target: income
mushroom:
  path: datasets/mushroom.csv.gz # 8,124 rows, 22 categorical features
  target: edibility
`;

/** The starter `conf/sweep.yaml` and `conf/catalog.yaml` for `sweep init`. */
export function renderInitConfig(): { 'sweep.yaml': string; 'catalog.yaml': string } {
  return { 'sweep.yaml': SWEEP_YAML, 'catalog.yaml': CATALOG_YAML };
}
