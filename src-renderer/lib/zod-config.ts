// zod probes whether it may compile validators with `new Function`; under our CSP (no 'unsafe-eval') that probe is
// reported as a violation. Jitless mode validates the same way without the probe.
import { z } from 'zod';

z.config({ jitless: true });
