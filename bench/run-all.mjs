// npm run bench — every bench in turn (intake, staff actions, reads at 100k tickets, photos), each printing its figures and
// the raw baseline measured in the same run. Not part of npm test. BENCH_TICKETS sets the reads volume (the
// database jyg_bench is generated when missing); BENCH_DURATION / BENCH_CONNECTIONS the load (10 s, 20).
import { actions } from './actions.mjs';
import { intake } from './intake.mjs';
import { photos } from './photos.mjs';
import { reads } from './reads.mjs';

const tickets = Number(process.env.BENCH_TICKETS ?? 100_000);
await intake();
console.log();
await actions();
console.log();
process.argv.push('--generate');
await reads({ db: process.env.BENCH_DB ?? 'jyg_bench', tickets });
console.log();
await photos();
