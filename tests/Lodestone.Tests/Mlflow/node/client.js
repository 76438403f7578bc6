// Drives Lodestone with the npm `mlflow` client as a Node.js training script would, then prints what it read back
// as one JSON line for the test to check. Usage: node client.js BASE_URL API_KEY
const MLflow = require('mlflow');

const [endpoint, apiKey] = process.argv.slice(2);
const { Experiments, Runs, Metrics, Artifacts } = new MLflow({ endpoint, headers: { Authorization: `Bearer ${apiKey}` } });

// The client logs every request body it posts; keep stdout for the result alone.
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');

(async () => {
  const { experiment_id } = await Experiments.create({ name: 'node-client' });
  const { experiment } = await Experiments.get({ experiment_id });
  const { run } = await Runs.create({ experiment_id, user_id: 'node', start_time: Date.now(), tags: [{ key: 'mlflow.runName', value: 'node-run' }] });
  const run_id = run.info.run_id;
  await Runs.logParameter({ run_id, key: 'lr', value: '0.003' });
  for (let epoch = 0; epoch < 4; epoch++) {
    await Runs.logMetric({ run_id, key: 'loss', value: 1 / (epoch + 1), timestamp: Date.now(), step: epoch });
  }
  await Runs.logBatch({ run_id, metrics: [{ key: 'accuracy', value: 0.93, timestamp: Date.now(), step: 3 }], params: [{ key: 'optimizer', value: 'adam' }], tags: [{ key: 'team', value: 'sensors' }] });
  await Runs.setTag({ run_id, key: 'stage', value: 'test' });
  await Runs.update({ run_id, status: 'FINISHED', end_time: Date.now() });
  const got = await Runs.get({ run_id });
  const history = await Metrics.getHistory({ run_id, metric_key: 'loss' });
  const search = await Runs.search({ experiment_ids: [experiment_id], filter: "metrics.accuracy > 0.9 and params.optimizer = 'adam'", order_by: ['metrics.loss ASC'] });
  const artifacts = await Artifacts.list({ run_id });
  process.stdout.write(JSON.stringify({ experiment, run: got.run, history: history.metrics, search: search.runs, artifacts }) + '\n');
})().catch(e => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
