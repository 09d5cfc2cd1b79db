// Each test class runs whole clusters (three silos in this process, or three silo processes restarted under load)
// with failure detection in seconds. Two classes at once on a small machine can starve a silo long enough for its
// peers to declare it dead: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
