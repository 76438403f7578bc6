// Each browser test class hosts a whole server with a job engine and drives Chromium: on two cores, and with Hangfire's
// process-wide configuration, the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
