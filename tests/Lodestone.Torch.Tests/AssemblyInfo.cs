// libtorch's random generator and thread settings are process-wide: tests that train run one at a time so that seeds
// reproduce and two trainings do not fight over the two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
