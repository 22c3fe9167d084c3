// Alarms stop delivery until their cause is gone and the user has acknowledged them; alerts only
// inform. Codes follow Tidepool's device-event vocabulary where it has a word.

export const ALARM_CODES = [
  'no_insulin',
  'no_power',
  'occlusion',
  'auto_off',
  'no_delivery',
  'end_of_service',
] as const;

export const ALERT_CODES = [
  'low_insulin',
  'low_power',
  'end_of_service_soon',
  'infusion_set_age',
] as const;

export type AlarmCode = (typeof ALARM_CODES)[number];
export type AlertCode = (typeof ALERT_CODES)[number];
export type AnyAlarmCode = AlarmCode | AlertCode;

export const ALARM_DESCRIPTIONS: Record<AnyAlarmCode, string> = {
  no_insulin: 'Reservoir empty: delivery stopped.',
  no_power: 'Battery depleted: delivery stopped.',
  occlusion: 'Occlusion: insulin flow blocked, delivery stopped.',
  auto_off: 'Auto-off: no interaction for the set time, delivery stopped.',
  no_delivery: 'Pump error: the motor failed, delivery stopped.',
  end_of_service: 'End of pump life: the motor reached its service life, delivery stopped.',
  low_insulin: 'Low reservoir.',
  low_power: 'Low battery: replace it soon.',
  end_of_service_soon: 'The pump nears the end of its service life.',
  infusion_set_age: 'Infusion set due for a change.',
};

export function isStoppingAlarm(code: string): code is AlarmCode {
  return (ALARM_CODES as readonly string[]).includes(code);
}

export function isAlarmCode(code: string): code is AnyAlarmCode {
  return isStoppingAlarm(code) || (ALERT_CODES as readonly string[]).includes(code);
}
