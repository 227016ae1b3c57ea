import { z } from 'zod';

/** A query parameter given once (a repeated one arrives as an array, and is refused with this message). */
export const singleParam = (name: string) => z.string({ error: `${name} must be given once` });

/** `limit`: a whole number from 1 to `max`, given once. */
export const limitParam = (max: number) =>
  singleParam('limit')
    .regex(/^\d+$/, `limit must be a whole number from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(1, 'limit must be at least 1').max(max, `limit must be at most ${max}`));
