import { BullMqWorkQueue } from './bullmq-work-queue';
import { InProcessWorkQueue } from './in-process-work-queue';
import type { WorkQueue, WorkQueueOptions } from './work-queue';

/** BullMQ when a Redis URL is configured (REDIS_URL), the in-process queue otherwise. */
export function createWorkQueue<T>(
  opts: WorkQueueOptions & { redisUrl?: string; prefix?: string; stalledMs?: number },
): WorkQueue<T> {
  const { redisUrl, ...rest } = opts;
  return redisUrl ? new BullMqWorkQueue<T>({ ...rest, redisUrl }) : new InProcessWorkQueue<T>(rest);
}
