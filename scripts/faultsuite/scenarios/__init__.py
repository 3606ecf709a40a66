"""The ten scenarios, in the order they run. Each is a function of the suite (faultsuite.suite.
Suite) that puts the cluster through one fault, asserts, and records its result with s.record();
every one but convergence starts from five running members in one ALIVE view."""

from ..config import SCENARIOS
from .intruders import hostile, wrong_key
from .lifecycle import convergence, crash, frozen, graceful_stop, restart
from .network_faults import long_partition, loss, partition

STEPS = [("convergence", convergence), ("crash", crash), ("restart", restart),
         ("graceful-stop", graceful_stop), ("partition", partition),
         ("long-partition", long_partition), ("loss", loss), ("frozen", frozen),
         ("wrong-key", wrong_key), ("hostile", hostile)]

assert [name for name, _ in STEPS] == SCENARIOS
