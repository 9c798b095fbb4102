/**
 * The `sweep` command-line program (commander). Command handlers return results and never exit;
 * only `main` turns them into an exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { SweepError } from '../core/index.js';
import { EXIT, handleError } from './handle-error.js';
import { CLI_LISTABLE, CLI_RUN_PARTS, CLI_STUDY_ACTIONS, parseParts, parsePositiveInt, splitList } from './options.js';
import { type CliIO, createStyle, processIO } from './output.js';

// Each command's module (and through it the config schema, models, charts) is imported when the
// command runs, so `sweep --help` loads only commander and this file.
interface GlobalOptions {
  verbose?: boolean;
  color?: boolean;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code.
 * Tests call this in-process with their own streams.
 */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.ok;
  let json = false;
  const program = new Command('sweep');
  const style = () => createStyle(io.stderr, io.env, program.opts<GlobalOptions>().color === false);
  const outStyle = () => createStyle(io.stdout, io.env, program.opts<GlobalOptions>().color === false);
  program
    .description('Supervised-ML experiment sweeps: datasets × algorithms, trained, evaluated and reported.')
    .version('0.1.0')
    .option('-v, --verbose', 'show stack traces for errors')
    .option('--no-color', 'no ANSI colors (also: NO_COLOR=1)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showSuggestionAfterError(true);

  const configOption = () => new Option('-c, --config <file>', 'config file (default: conf/sweep.yaml, searched from the current folder up)');
  const datasetOption = () => new Option('-d, --dataset <names>', 'only these datasets (comma-separated, globs allowed)').argParser(splitList);
  const algorithmOption = () => new Option('-a, --algorithm <names>', 'only these algorithms (comma-separated, globs allowed)').argParser(splitList);
  const onlyOption = () => new Option('--only <parts>', `only these parts of each cell: ${CLI_RUN_PARTS.join(', ')} (comma-separated)`).argParser(parseParts);
  const tagsOption = () => new Option('--tags <tags>', 'only nodes with these tags, and what they need (comma-separated; `sweep plan` shows tags)').argParser(splitList);

  program
    .command('run')
    .description('run the sweep and write reports/<run-id>/')
    .addOption(configOption())
    .addOption(datasetOption())
    .addOption(algorithmOption())
    .addOption(onlyOption())
    .addOption(tagsOption())
    .addOption(new Option('-j, --jobs <n>', 'worker threads (default: number of cores; 1 runs in-process)').argParser(parsePositiveInt('--jobs')))
    .option('--runner <name>', 'sequential | pool | queue (default: the config\'s runner:, else pool, or sequential for --jobs 1)')
    .option('--queue <url>', 'run nodes as jobs on this Redis (redis://host:port[/db]) for `sweep worker`s; implies --runner queue')
    .addOption(new Option('--shard <i/N>', 'run shard i of N: a deterministic, cost-balanced 1/N of the cells (then `sweep merge`)'))
    .option('--detach', 'with --queue: schedule in a background process and return at once (then `sweep status RUN`, `sweep collect RUN`)')
    .option('--run-id <id>', 'name of the run folder (default: a UTC timestamp)')
    .option('-o, --out <dir>', 'folder for run folders (default: reports/ of the project)')
    .option('--json', 'print results.json to stdout')
    .option('--keep-data', 'keep intermediate data (<run>/.data) after the run')
    .option('--force', 'recompute the selected cells instead of reading the node cache (the cache is still written)')
    .option('--no-cache', 'neither read nor write the node cache (`cache:` in the config)')
    .option('--fail-fast', 'stop at the first failed node; unfinished cells are skipped')
    .option('-q, --quiet', 'no progress or summary on stderr')
    .action(async (options) => {
      json = options.json === true;
      if (typeof options.shard === 'string') options.shard = (await import('../sweep/index.js')).parseShard(options.shard);
      if (options.detach === true) {
        await (await import('./run.js')).detachCommand(io, style(), options);
        return;
      }
      const result = await (await import('./run.js')).runCommand(io, style(), options);
      exitCode = result.ok ? EXIT.ok : EXIT.cellsFailed;
    });

  program
    .command('status')
    .description('what a detached run (`sweep run --queue … --detach`) is doing')
    .argument('<run>', 'the run id it printed')
    .addOption(configOption())
    .option('--json', 'machine-readable output')
    .action(async (run: string, options) => {
      json = options.json === true;
      const { statusCommand } = await import('./detach.js');
      await statusCommand(io, outStyle(), run, await (await import('./report.js')).reportsDirFor(io, options), options);
    });

  program
    .command('collect')
    .description('wait for a detached run to finish and print its summary')
    .argument('<run>', 'the run id `sweep run --detach` printed')
    .addOption(configOption())
    .option('--json', 'print results.json to stdout')
    .action(async (run: string, options) => {
      json = options.json === true;
      const { collectCommand } = await import('./detach.js');
      const collected = await collectCommand(io, style(), run, await (await import('./report.js')).reportsDirFor(io, options), options);
      exitCode = collected.ok ? EXIT.ok : EXIT.cellsFailed;
    });

  program
    .command('merge')
    .description('join the run folders of `sweep run --shard i/N` (all N) into one run folder and report')
    .argument('<run-dirs...>', 'the shard run folders')
    .option('-o, --out <dir>', 'the merged run folder (default: beside the first, named <run>-merged)')
    .option('--json', 'print the merged results.json to stdout')
    .option('-q, --quiet', 'nothing on stderr but warnings')
    .action(async (runDirs: string[], options) => {
      json = options.json === true;
      const merged = await (await import('./merge.js')).mergeCommand(io, style(), runDirs, options);
      exitCode = merged.ok ? EXIT.ok : EXIT.cellsFailed;
    });

  program
    .command('worker')
    .description('take node jobs from a queue (`sweep run --queue`) until stopped; start any number, anywhere')
    .requiredOption('--queue <url>', 'the Redis the runs enqueue on: redis://host:port[/db]')
    .addOption(new Option('-j, --jobs <n>', 'jobs at once, each on its own thread (default 1)').argParser(parsePositiveInt('--jobs')))
    .addOption(new Option('--lock-ms <ms>', 'milliseconds without a lock renewal before a job goes to another worker (default 30000)').argParser(parsePositiveInt('--lock-ms')))
    .option('-q, --quiet', 'no log on stderr')
    .action(async (options) => {
      await (await import('./worker.js')).workerCommand(io, style(), options);
    });

  program
    .command('plan')
    .description('print the cells and pipeline nodes without running anything')
    .addOption(configOption())
    .addOption(datasetOption())
    .addOption(algorithmOption())
    .addOption(onlyOption())
    .addOption(tagsOption())
    .option('--json', 'machine-readable output')
    .action(async (options) => {
      json = options.json === true;
      await (await import('./plan.js')).planCommand(io, outStyle(), options);
    });

  program
    .command('catalog')
    .description('print every catalog entry resolved, the generated ones included')
    .addOption(configOption())
    .addOption(datasetOption())
    .addOption(algorithmOption())
    .option('--json', 'machine-readable output')
    .action(async (options) => {
      json = options.json === true;
      await (await import('./plan.js')).catalogCommand(io, outStyle(), options);
    });

  program
    .command('list')
    .description(`list ${CLI_LISTABLE.join(' | ')}`)
    .argument('<what>', CLI_LISTABLE.join(' | '))
    .addOption(configOption())
    .option('--json', 'machine-readable output')
    .action(async (what: string, options) => {
      json = options.json === true;
      await (await import('./list.js')).listCommand(io, outStyle(), what, options);
    });

  program
    .command('study')
    .description('the persisted trials of tpe searches: ls, or show DATASET/ALGORITHM')
    .argument('<action>', CLI_STUDY_ACTIONS.join(' | '))
    .argument('[cell]', 'DATASET/ALGORITHM (for show)')
    .addOption(configOption())
    .option('-o, --out <dir>', 'the reports folder holding studies/ (default: the config\'s output folder)')
    .option('--json', 'machine-readable output')
    .action(async (action: string, cell: string | undefined, options) => {
      json = options.json === true;
      await (await import('./study.js')).studyCommand(io, outStyle(), action, cell, options);
    });

  program
    .command('report')
    .description('redraw the reports of a run (report.html, charts, statistics, tables) from its results.json')
    .argument('[run]', 'run folder or run id under reports/ (default: the last complete run of the config’s sweep)')
    .addOption(configOption())
    .option('-b, --baseline <algorithm>', 'algorithm the others are counted against for win/tie/loss (default: the first)')
    .option('-m, --metric <name>', "metric to rank, color and test on (default: the config's evaluation.scoring)")
    .option('--json', 'print what was written as JSON')
    .option('-q, --quiet', 'nothing on stderr')
    .action(async (run: string | undefined, options) => {
      json = options.json === true;
      await (await import('./report.js')).reportCommand(io, style(), run, options);
    });

  program
    .command('compare')
    .description('show what changed between two runs, cell by cell')
    .argument('<run-a>', 'the earlier run (folder or run id)')
    .argument('<run-b>', 'the later run (folder or run id)')
    .addOption(configOption())
    .option('--json', 'machine-readable output')
    .action(async (runA: string, runB: string, options) => {
      json = options.json === true;
      await (await import('./compare.js')).compareCommand(io, outStyle(), runA, runB, options);
    });

  program
    .command('viz')
    .description('draw the pipeline (nodes, datasets, tags) as SVG')
    .addOption(configOption())
    .addOption(datasetOption())
    .addOption(algorithmOption())
    .addOption(tagsOption())
    .option('-o, --out <file>', 'output file (default: pipeline-viz.svg in the sweep’s last run folder, else its reports folder; - for stdout)')
    .option('--dot', 'write the Graphviz DOT text instead of SVG')
    .option('--all-folds', 'draw every fold instead of one node per step')
    .action(async (options) => {
      await (await import('./viz.js')).vizCommand(io, style(), options);
    });

  program
    .command('init')
    .description('scaffold conf/ (sweep.yaml, catalog.yaml) in an empty project folder')
    .argument('[dir]', 'project folder', '.')
    .action(async (dir: string) => {
      await (await import('./init.js')).initCommand(io, style(), dir);
    });

  if (argv.length === 0) {
    // No command is a usage error (a script that forgot its arguments must not pass): help on stderr.
    io.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const verbose = program.opts<GlobalOptions>().verbose === true;
    return handleError(error instanceof SweepError || error instanceof Error ? error : new Error(String(error)), io, style(), { verbose, json });
  }
  return exitCode;
}

/** The process entry point: runs the CLI and exits with its code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // `sweep plan | head -1`: the reader left; stop quietly, as Unix tools do (EPIPE is not an error).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await runCli(argv);
  process.exitCode = code;
}
