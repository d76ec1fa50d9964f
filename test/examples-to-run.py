#! /usr/bin/env python3
# Examples that ns-3's test.py runs as smoke tests: (command, condition to run, condition for
# valgrind).

cpp_examples = [
    ("photonic-link --duration=0.1", "True", "True"),
    ("photonic-link --transceiver=LPO --length=300 --duration=0.1", "True", "True"),
    ("fabric-topologies --duration=20", "True", "True"),
    ("fabric-topologies --topology=rail --servers=16 --flowControl=pfc --duration=20", "True", "True"),
    ("transport-compare --leaves=4 --incastSenders=8 --incastKiB=256 --permutationKiB=256", "True", "False"),
    ("collective-perf --minBytes=1M --maxBytes=4M", "True", "False"),
    ("rail-allreduce --servers=2 --minBytes=1M --maxBytes=1M --db=/tmp/ai-fabric-smoke.sqlite", "True", "False"),
    ("collective-perf --op=all-to-all --algorithm=pxn --minBytes=1M --maxBytes=1M", "True", "False"),
]

python_examples = []
