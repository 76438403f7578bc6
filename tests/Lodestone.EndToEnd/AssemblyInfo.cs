// Each browser test class hosts a whole server with a job engine; Hangfire keeps process-wide state, so two servers in
// one process can take each other's jobs. The classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
