// `csii pump demo`: one scripted pump day, printed as a summary of its event log.
import { runPumpDemo, type DemoSummary } from '../pump/demo.ts';
import { clockOf } from '../units/index.ts';

export function pumpDemoCommand(options: { json: boolean }): number {
  const summary = runPumpDemo();
  if (options.json) {
    const { log, ...withoutLog } = summary;
    console.log(JSON.stringify(withoutLog, null, 2));
  } else {
    console.log(formatDemo(summary));
  }
  return summary.replayMatchesLive ? 0 : 1;
}

const units = (value: number) => `${value.toFixed(2)} U`;

export function formatDemo(s: DemoSummary): string {
  const lines = [
    `OpenCSII pump demo: one scripted day (pulse ${s.pulseSizeUnits} U)`,
    '',
    `Delivered   basal ${units(s.totals.basalUnits)}   bolus ${units(s.totals.bolusUnits)}   total ${units(s.totals.totalUnits)}   (priming ${units(s.totals.primedUnits)})`,
    '',
    'Boluses',
    ...s.boluses.map(
      (b) =>
        `  ${clockOf(b.at)}  ${b.kind.padEnd(8)} ${units(b.programmedUnits).padStart(8)} programmed, ${units(b.deliveredUnits).padStart(8)} delivered  ${b.status.padEnd(9)} (${b.source})`,
    ),
    '',
    'Alarms and alerts',
    ...s.alarms.map((a) => `  ${clockOf(a.at)}  ${a.code} ${a.what}`),
    '',
    'Refusals',
    ...s.refusals.map((r) => `  ${clockOf(r.at)}  ${r.command}: ${r.reason}`),
    '',
    `${s.eventCount} events in the log; replaying it ${s.replayMatchesLive ? 'gives' : 'does NOT give'} the live state.`,
  ];
  return lines.join('\n');
}
