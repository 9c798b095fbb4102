/**
 * api: the library for scripts and notebooks (`import { loadSweep, runSweep } from 'sweep'`): the
 * package's one entry module. It reaches the layers below through their faces and never the CLI.
 */
export { loadSweep, planSweep, runSweep, loadResults, configFile, type ConfigLocation, type RunOptions, type SelectOptions } from './sweep.js';
export { loadCatalog, SweepCatalog, type XY, type LoadXyOptions } from './catalog.js';
export {
  SweepClassifier,
  estimatorClass,
  estimatorClasses,
  toMatrix,
  type EstimatorClass,
  type MatrixLike,
  type ParamsOf,
  DecisionTreeClassifier,
  RandomForestClassifier,
  KNeighborsClassifier,
  GaussianNB,
  MultinomialNB,
  BernoulliNB,
  CategoricalNB,
  LogisticRegression,
  MLPClassifier,
  SVC,
  LinearSVC,
  AdaBoostClassifier,
  HistGradientBoostingClassifier,
} from './estimators.js';
export type { SweepConfig, DatasetConfig, AlgorithmConfig } from '../config/index.js';
export type { SweepResults, CellResult, DatasetResult } from '../report/index.js';
export type { Progress, RunSweepResult, SweepPlan, Cell, RunPart } from '../sweep/index.js';
export type { Matrix, Table, Label } from '../core/index.js';
export { SweepError, ConfigError } from '../core/index.js';
export { TablePreprocessor, type PreprocessingConfig } from '../preprocessing/index.js';
export type { AlgorithmParams, EstimatorTags, SerializedEstimator } from '../models/index.js';
