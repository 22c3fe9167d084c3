import { z } from 'zod';

/** A time of day written HH:MM, 00:00–23:59. */
export const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (00:00–23:59)');
