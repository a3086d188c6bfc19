// Load generator for gateway.bench.mjs, in its own process so it never competes with the servers' event loop.
import autocannon from 'autocannon';

const { url, headers, seconds, connections } = JSON.parse(process.argv[2]);
const result = await autocannon({ url, headers, connections, duration: seconds });
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  }),
);
