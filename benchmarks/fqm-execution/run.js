// eCQM speed: fqm-execution 1.8.6 (the reference engine, from npm) against QiSdk on the same test-case Bundles.
//
//   node run.js fqm FIXTURES PATIENTS
//       One fqm-execution run in this process: reads both measure bundles and every patient Bundle, calculates CMS165 and
//       CMS122 summary MeasureReports over all patients, prints one JSON line (ms, ms/patient, peak RSS, counts).
//   node run.js compare FIXTURES PATIENTS ROUNDS QISDK_SAMPLES -- LABEL QISDK_COMMAND... [-- LABEL QISDK_COMMAND...]
//       ROUNDS alternated rounds; each: one fqm-execution run in a fresh node process, then for each QiSdk variant
//       (e.g. a JIT build and a ReadyToRun build) QISDK_SAMPLES fresh processes, variants interleaved sample by sample
//       (QISDK_COMMAND prints its own JSON line, e.g. `dotnet QiSdk.FirstRun.dll run FIXTURES DEFS PATIENTS`).
//       Prints every sample, the medians, the ratio fqm ms/patient : QiSdk ms/patient (wall and CPU time), and whether
//       the population counts of both engines agree (exit 1 when they do not). FQM_RESULT=FILE takes fqm-execution's line
//       from an earlier `node run.js fqm` run instead of running it again.
//
// Patients: `dotnet run -c Release --project benchmarks/QiSdk.FirstRun -- generate FIXTURES PATIENTS 3000` (deterministic).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const MEASURES = ['CMS165', 'CMS122'];
const POPULATIONS = ['initial-population', 'denominator', 'denominator-exclusion', 'denominator-exception', 'numerator'];

function fqm(fixtures, patientsDir) {
  const start = process.hrtime.bigint();
  const { Calculator } = require('fqm-execution');
  const files = fs.readdirSync(patientsDir).filter((f) => f.endsWith('.json')).sort();
  const patients = files.map((f) => JSON.parse(fs.readFileSync(path.join(patientsDir, f), 'utf8')));
  const counts = {};
  const perMeasureMs = {};
  return (async () => {
    for (const measure of MEASURES) {
      const t0 = process.hrtime.bigint();
      const bundle = JSON.parse(fs.readFileSync(path.join(fixtures, measure, 'measure-bundle.json'), 'utf8'));
      const { results } = await Calculator.calculateMeasureReports(bundle, patients, {
        measurementPeriodStart: '2025-01-01',
        measurementPeriodEnd: '2025-12-31',
        reportType: 'summary',
        calculateSDEs: false,
        calculateHTML: false,
        trustMetaProfile: true,
      });
      const report = Array.isArray(results) ? results[0] : results;
      const group = report.group[0];
      counts[measure] = Object.fromEntries(POPULATIONS.map((p) => [p, 0]));
      for (const pop of group.population) {
        const code = pop.code.coding[0].code;
        if (code in counts[measure]) counts[measure][code] = pop.count ?? 0;
      }
      perMeasureMs[measure] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return {
      engine: 'fqm-execution',
      version: require('fqm-execution/package.json').version,
      ms: round(ms),
      perMeasureMs: Object.fromEntries(Object.entries(perMeasureMs).map(([k, v]) => [k, round(v)])),
      patients: patients.length,
      msPerPatient: round(ms / patients.length, 3),
      cpuMs: round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      counts,
    };
  })();
}

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function lastJsonLine(text) {
  const lines = text.trim().split('\n').filter((l) => l.startsWith('{'));
  return JSON.parse(lines[lines.length - 1]);
}

function compare(fixtures, patientsDir, rounds, samples, variants) {
  const fqmRuns = [];
  const qiRuns = variants.map(() => []);
  for (let r = 0; r < rounds; r++) {
    // FQM_RESULT=file: reuse the JSON line of an earlier fqm-execution run over the same patients instead of running it
    // again (one run takes about 35 minutes on the shared machine); the README says when a figure was taken this way.
    const f = process.env.FQM_RESULT
      ? lastJsonLine(fs.readFileSync(process.env.FQM_RESULT, 'utf8'))
      : lastJsonLine(execFileSync(process.execPath, ['--max-old-space-size=8192', __filename, 'fqm', fixtures, patientsDir], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    fqmRuns.push(f);
    console.log(`round ${r + 1} ${JSON.stringify(f)}`);
    for (let s = 0; s < samples; s++) {
      variants.forEach((v, i) => {
        const q = lastJsonLine(execFileSync(v.command[0], v.command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 }));
        q.round = r + 1;
        qiRuns[i].push(q);
        console.log(`round ${r + 1} ${v.label} ${JSON.stringify(q)}`);
      });
    }
  }

  const fqmMs = median(fqmRuns.map((x) => x.msPerPatient));
  const fqmCpu = median(fqmRuns.map((x) => x.cpuMs / x.patients));
  console.log(`fqm-execution ${fqmRuns[0].version}: median ${fqmMs} ms/patient wall over ${fqmRuns.length} runs (${fqmRuns.map((x) => x.msPerPatient).join(', ')}), ${round(fqmCpu, 3)} ms/patient CPU, peak RSS ${fqmRuns.map((x) => x.peakRssMB).join(', ')} MB`);
  let agree = true;
  variants.forEach((v, i) => {
    const runs = qiRuns[i];
    const qiMs = median(runs.map((x) => x.ms / x.patients));
    const qiCpu = median(runs.map((x) => x.cpuMs / x.patients));
    const perRound = fqmRuns.map((f, r) => f.msPerPatient / median(runs.filter((x) => x.round === r + 1).map((x) => x.ms / x.patients)));
    console.log(`QiSdk ${v.label}, first in-process read+evaluate: median ${round(median(runs.map((x) => x.ms)))} ms wall for ${runs[0].patients} patients = ${round(qiMs, 4)} ms/patient (min ${round(Math.min(...runs.map((x) => x.ms)))} ms, max ${round(Math.max(...runs.map((x) => x.ms)))} ms, ${runs.length} processes); CPU ${round(median(runs.map((x) => x.cpuMs)))} ms (whole process, incl. runtime start-up before Main)${runs.every((x) => x.cpuSinceMainMs !== undefined) ? `, ${round(median(runs.map((x) => x.cpuSinceMainMs)))} ms since Main` : ''}; peak working set ${median(runs.map((x) => x.peakWorkingSetMB))} MB`);
    console.log(`  ratio fqm-execution / QiSdk ${v.label}: wall ${round(fqmMs / qiMs)}x (medians; per round ${perRound.map((x) => round(x)).join(', ')}x), CPU ${round(fqmCpu / qiCpu)}x${runs.every((x) => x.cpuSinceMainMs !== undefined) ? ` (whole process), ${round(fqmCpu / median(runs.map((x) => x.cpuSinceMainMs / x.patients)))}x (CPU since Main)` : ''}`);
    for (const m of MEASURES) {
      const a = fqmRuns[0].counts[m];
      const b = runs[0].counts[m];
      const diffs = POPULATIONS.filter((p) => a[p] !== b[p]);
      const stable = runs.every((x) => POPULATIONS.every((p) => x.counts[m][p] === b[p])) && fqmRuns.every((x) => POPULATIONS.every((p) => x.counts[m][p] === a[p]));
      if (i === 0) console.log(`  ${m} counts fqm-execution ${POPULATIONS.map((p) => `${p}=${a[p]}`).join(' ')}`);
      console.log(`  ${m} counts QiSdk ${v.label.padEnd(13)} ${POPULATIONS.map((p) => `${p}=${b[p]}`).join(' ')}  ${diffs.length === 0 ? 'AGREE' : 'DIFFER: ' + diffs.join(', ')}${stable ? '' : ' (counts vary between runs!)'}`);
      agree = agree && diffs.length === 0 && stable;
    }
  });

  return agree ? 0 : 1;
}

async function main() {
  const [mode, fixtures, patientsDir, ...rest] = process.argv.slice(2);
  if (mode === 'fqm' && fixtures && patientsDir) {
    console.log(JSON.stringify(await fqm(fixtures, patientsDir)));
    return 0;
  }

  if (mode === 'compare' && fixtures && patientsDir && rest[2] === '--' && rest.length > 4) {
    const variants = [];
    for (const part of rest.slice(3).join('\u0000').split('\u0000--\u0000')) {
      const [label, ...command] = part.split('\u0000');
      variants.push({ label, command });
    }

    return compare(fixtures, patientsDir, Number(rest[0]), Number(rest[1]), variants);
  }

  console.error('usage: node run.js fqm FIXTURES PATIENTS | node run.js compare FIXTURES PATIENTS ROUNDS QISDK_SAMPLES -- LABEL QISDK_COMMAND... [-- LABEL QISDK_COMMAND...]');
  return 2;
}

main().then((code) => { process.exitCode = code; }, (err) => { console.error(err); process.exitCode = 2; });
