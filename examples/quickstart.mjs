// @ts-check
// sweep as a library: plan and run a sweep, read its results, then use the catalog and an
// estimator directly. Run it from anywhere: `node examples/quickstart.mjs [OUT_DIR]`.
import { DecisionTreeClassifier, loadCatalog, loadResults, loadSweep, planSweep, runSweep } from 'sweep';

// The config, by a URL next to this file: its paths resolve against examples/, not the cwd.
const configPath = new URL('./conf/sweep.yaml', import.meta.url);
const out = process.argv[2]; // parent folder of the run folder (default: the config's reports/)

const config = await loadSweep(configPath);
const plan = planSweep(config);
console.log(`plan: ${plan.cells.length} cells, ${plan.pipeline.nodes.length} nodes`);

const run = await runSweep(config, {
  jobs: 1,
  ...(out === undefined ? {} : { out }),
  onProgress: (p) => process.stderr.write(`\r${p.cellsDone}/${p.cellsTotal} cells`),
});
process.stderr.write('\n');
console.log(`run: ${run.runDir}`);

const results = await loadResults(run.runDir);
for (const cell of results.cells) {
  console.log(`cell: ${cell.dataset} ${cell.algorithm} ${cell.status} cache=${cell.cache} accuracy=${cell.metrics.test['accuracy']}`);
}

// The same data the run read, as X and y; the test set encoded with the training set's preprocessor.
const catalog = await loadCatalog(configPath);
const train = await catalog.loadXy('letters');
const test = await catalog.loadXy('letters::test', { using: train.preprocessor });
const tree = await new DecisionTreeClassifier({ max_depth: 8, random_state: config.seed }).fit(train.X, train.y);
console.log(`estimator: DecisionTreeClassifier(max_depth=8) accuracy=${tree.score(test.X, test.y)}`);
