// Load time of the full KDD 10% CSV and Fashion-MNIST train IDX through the Catalog (a measurement,
// not a test): `npx tsx test/catalog/measure-load.ts [kdd|fashion-train]` from the repo root.
import { Catalog } from '../../src/catalog/index.js';
import type { Table } from '../../src/core/index.js';
const kdd = 'duration,protocol_type,service,flag,src_bytes,dst_bytes,land,wrong_fragment,urgent,hot,num_failed_logins,logged_in,num_compromised,root_shell,su_attempted,num_root,num_file_creations,num_shells,num_access_files,num_outbound_cmds,is_host_login,is_guest_login,count,srv_count,serror_rate,srv_serror_rate,rerror_rate,srv_rerror_rate,same_srv_rate,diff_srv_rate,srv_diff_host_rate,dst_host_count,dst_host_srv_count,dst_host_same_srv_rate,dst_host_diff_srv_rate,dst_host_same_src_port_rate,dst_host_srv_diff_host_rate,dst_host_serror_rate,dst_host_srv_serror_rate,dst_host_rerror_rate,dst_host_srv_rerror_rate,label'.split(',');
const fm = '/usr/share/datasets/fashion-mnist/';
const catalog = new Catalog([
  { name: 'kdd', type: 'csv', path: 'datasets/kddcup99-10pct.csv.gz', options: { header: false, columns: kdd } },
  { name: 'fashion-train', type: 'idx', path: `${fm}train-images-idx3-ubyte.gz`, options: { labels_path: `${fm}train-labels-idx1-ubyte.gz` } },
]);
const which = process.argv[2];
for (const name of catalog.names()) {
  if (which !== undefined && which !== name) continue;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const table = await catalog.load<Table>(name);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU time is the steadier figure on a shared machine: wall time includes waiting for a core.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`${name}: ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU, ${table.nRows} rows × ${table.columns.length} columns, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}
