// OpenTelemetry's meter provider listens to every meter named "ControlRoom" in the process, not only to its own
// host's: a host disposed while another one runs would end the other's metric streams of the same names, and its
// /metrics would lose them. The hosts of this assembly therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
