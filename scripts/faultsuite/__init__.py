"""The multi-host fault-injection suite, driven by scripts/fault_suite.py (run it through
scripts/fault-suite.sh). One job per module:

  config       the constants: addresses, ports, durations, the slack on every bound
  util         the log line, shell commands, duration and timestamp parsing
  host         one test host: its namespace, node process, poller and view history
  network      namespaces, the bridge, veths, nftables rules and counters, cleanup
  poller       the per-host poller (runs inside a namespace, prints one JSON line per poll)
  views        View parsing, the poller's reader, views.log, predicates over views and history
  endpoints    what the nodes' HTTP endpoints tell: metrics, membership events
  nodes        starting, signalling and waiting for the sample-app JVMs and the attacker
  bounds       the bounds, from the simulator's `bounds` command and the nodes' settings
  simulator    the simulator's predictions for crash detection and partition heal
  scenarios    the ten scenarios, in order
  report       the summary table and the JSON files
  suite        the run: hosts, scenario bookkeeping, the baseline between scenarios, teardown
"""
